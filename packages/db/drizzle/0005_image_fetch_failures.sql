CREATE TABLE "image_fetch_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"cdn_key" text NOT NULL,
	"url" text NOT NULL,
	"failure" text NOT NULL,
	"transient" boolean NOT NULL,
	"http_status" integer,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "image_fetch_failures" ADD CONSTRAINT "image_fetch_failures_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "image_fetch_failures_source_id_created_at_index" ON "image_fetch_failures" USING btree ("source_id","created_at");