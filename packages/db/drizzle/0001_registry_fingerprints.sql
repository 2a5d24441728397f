CREATE TABLE "registry_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registry_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_content_sha256_unique";--> statement-breakpoint
ALTER TABLE "page_fingerprints" ADD COLUMN "text_key_id" text;--> statement-breakpoint
ALTER TABLE "page_shingles" ADD COLUMN "kind" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_events_document_id_index" ON "registry_events" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_active_content_unique" ON "documents" USING btree ("content_sha256") WHERE "documents"."status" = 'active';