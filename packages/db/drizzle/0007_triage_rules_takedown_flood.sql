CREATE TYPE "public"."flood_hold_resolution" AS ENUM('released', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."routing_event" AS ENUM('opened', 'escalated', 'deadline_near', 'removed', 'closed');--> statement-breakpoint
CREATE TYPE "public"."takedown_outcome" AS ENUM('present', 'gone', 'unreachable');--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"event" "routing_event" NOT NULL,
	"target_kinds" "routing_target_kind"[] DEFAULT '{}' NOT NULL,
	"target_ids" uuid[] DEFAULT '{}' NOT NULL,
	"document_owners" text[] DEFAULT '{}' NOT NULL,
	"classifications" "document_classification"[] DEFAULT '{}' NOT NULL,
	"min_severity" "incident_severity",
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deadline_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"label" text NOT NULL,
	"start_event" text NOT NULL,
	"duration_hours" real NOT NULL,
	"remind_before_hours" real[] DEFAULT '{}' NOT NULL,
	"remind" text[] NOT NULL,
	"met_by" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deadline_rules_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "takedown_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"url" text,
	"outcome" "takedown_outcome" NOT NULL,
	"detail" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flood_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"document_id" uuid,
	"trigger_count" integer NOT NULL,
	"baseline_per_hour" real NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"resolution" "flood_hold_resolution"
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "takedown_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "acknowledged_by" text;--> statement-breakpoint
ALTER TABLE "takedown_checks" ADD CONSTRAINT "takedown_checks_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takedown_checks" ADD CONSTRAINT "takedown_checks_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flood_holds" ADD CONSTRAINT "flood_holds_page_id_document_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."document_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flood_holds" ADD CONSTRAINT "flood_holds_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flood_holds" ADD CONSTRAINT "flood_holds_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "takedown_checks_incident_id_checked_at_index" ON "takedown_checks" USING btree ("incident_id","checked_at");--> statement-breakpoint
CREATE INDEX "takedown_checks_post_id_checked_at_index" ON "takedown_checks" USING btree ("post_id","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flood_holds_open_page_unique" ON "flood_holds" USING btree ("page_id") WHERE "flood_holds"."ended_at" is null;