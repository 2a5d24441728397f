CREATE TYPE "public"."alert_kind" AS ENUM('match', 'sensitive_unregistered');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('new', 'confirmed', 'dismissed', 'quarantined');--> statement-breakpoint
CREATE TYPE "public"."crawl_state" AS ENUM('pending', 'healthy', 'login_required', 'checkpoint', 'blocked', 'not_found', 'error');--> statement-breakpoint
CREATE TYPE "public"."dismiss_reason" AS ENUM('false_match', 'already_known', 'not_sensitive', 'duplicate');--> statement-breakpoint
CREATE TYPE "public"."document_classification" AS ENUM('thuong', 'mat', 'toi_mat', 'tuyet_mat');--> statement-breakpoint
CREATE TYPE "public"."document_status" AS ENUM('active', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."evidence_kind" AS ENUM('image', 'screenshot', 'html', 'response_body');--> statement-breakpoint
CREATE TYPE "public"."image_status" AS ENUM('pending', 'processed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."incident_severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."incident_status" AS ENUM('open', 'reported', 'takedown_requested', 'removed', 'closed');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('email', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."notification_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TYPE "public"."page_text_source" AS ENUM('text_layer', 'ocr', 'none');--> statement-breakpoint
CREATE TYPE "public"."routing_target_kind" AS ENUM('department', 'police', 'data_protection_agency');--> statement-breakpoint
CREATE TYPE "public"."source_kind" AS ENUM('page', 'group', 'post');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'officer', 'leadership', 'liaison');--> statement-breakpoint
CREATE TABLE "routing_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"former_names" text[] DEFAULT '{}' NOT NULL,
	"kind" "routing_target_kind" NOT NULL,
	"emails" text[] DEFAULT '{}' NOT NULL,
	"webhook_url" text,
	"webhook_secret_ciphertext" "bytea",
	"active_from" timestamp with time zone,
	"active_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "user_role" NOT NULL,
	"permissions" text[] DEFAULT '{}' NOT NULL,
	"routing_target_id" uuid,
	"password_hash" text,
	"locale" text DEFAULT 'vi' NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "monitoring_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"storage_state_ciphertext" "bytea",
	"proxy_url" text,
	"state" "crawl_state" DEFAULT 'pending' NOT NULL,
	"state_until" timestamp with time zone,
	"last_error" text,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_accounts_label_unique" UNIQUE("label")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "source_kind" NOT NULL,
	"url" text NOT NULL,
	"canonical_key" text NOT NULL,
	"name" text,
	"cadence_seconds" integer DEFAULT 1800 NOT NULL,
	"account_id" uuid,
	"state" "crawl_state" DEFAULT 'pending' NOT NULL,
	"blocked_until" timestamp with time zone,
	"last_error" text,
	"last_crawled_at" timestamp with time zone,
	"next_crawl_at" timestamp with time zone,
	"paused" boolean DEFAULT false NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_canonical_key_unique" UNIQUE("canonical_key")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fb_post_id" text NOT NULL,
	"source_id" uuid NOT NULL,
	"permalink" text,
	"author_name" text,
	"author_id" text,
	"posted_at" timestamp with time zone,
	"text" text,
	"reach" jsonb,
	"shared_fb_post_id" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gone_at" timestamp with time zone,
	CONSTRAINT "posts_fb_post_id_unique" UNIQUE("fb_post_id")
);
--> statement-breakpoint
CREATE TABLE "images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"mime_type" text,
	"width" integer,
	"height" integer,
	"byte_size" integer NOT NULL,
	"blob_key" text NOT NULL,
	"status" "image_status" DEFAULT 'pending' NOT NULL,
	"failure_code" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "images_sha256_unique" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "image_sightings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"image_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"cdn_key" text,
	"source_url" text,
	"captured_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_sightings_post_image_unique" UNIQUE("post_id","image_id")
);
--> statement-breakpoint
CREATE TABLE "image_fingerprints" (
	"image_id" uuid PRIMARY KEY NOT NULL,
	"pdq" text,
	"pdq_quality" integer,
	"phash" text,
	"dhash" text,
	"blockhash" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_blobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid,
	"image_id" uuid,
	"kind" "evidence_kind" NOT NULL,
	"blob_key" text NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" integer NOT NULL,
	"content_type" text NOT NULL,
	"captured_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_sha256" text NOT NULL,
	"title" text NOT NULL,
	"number_symbol" text,
	"issuing_unit" text,
	"classification" "document_classification" DEFAULT 'thuong' NOT NULL,
	"owner_department" text,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"retention_until" date,
	"file_name" text,
	"mime_type" text,
	"page_count" integer DEFAULT 0 NOT NULL,
	"status" "document_status" DEFAULT 'active' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"original_blob_key" text,
	"registered_by" uuid,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "documents_content_sha256_unique" UNIQUE("content_sha256")
);
--> statement-breakpoint
CREATE TABLE "document_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"page_number" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"text_source" "page_text_source" DEFAULT 'none' NOT NULL,
	"thumbnail_ciphertext" "bytea",
	"thumbnail_key_id" text,
	CONSTRAINT "document_pages_document_page_unique" UNIQUE("document_id","page_number")
);
--> statement-breakpoint
CREATE TABLE "page_fingerprints" (
	"page_id" uuid PRIMARY KEY NOT NULL,
	"pdq" text,
	"pdq_quality" integer,
	"phash" text,
	"dhash" text,
	"blockhash" text,
	"keypoints" "bytea",
	"shingle_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "page_shingles" (
	"page_id" uuid NOT NULL,
	"shingle" bigint NOT NULL,
	CONSTRAINT "page_shingles_page_id_shingle_pk" PRIMARY KEY("page_id","shingle")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid,
	"title" text NOT NULL,
	"severity" "incident_severity" NOT NULL,
	"severity_overridden" boolean DEFAULT false NOT NULL,
	"status" "incident_status" DEFAULT 'open' NOT NULL,
	"resolution" text,
	"assignee_id" uuid,
	"detected_at" timestamp with time zone NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"image_id" uuid NOT NULL,
	"kind" "alert_kind" NOT NULL,
	"status" "alert_status" DEFAULT 'new' NOT NULL,
	"document_id" uuid,
	"page_id" uuid,
	"score" real,
	"signals" jsonb,
	"region" jsonb,
	"findings" jsonb,
	"dedup_key" text NOT NULL,
	"assignee_id" uuid,
	"incident_id" uuid,
	"dismiss_reason" "dismiss_reason",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "alerts_image_verdict_unique" UNIQUE NULLS NOT DISTINCT("image_id","kind","document_id")
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid,
	"target_id" uuid,
	"channel" "notification_channel" NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" "notification_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_outbox_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"request_id" text,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "job_completions" (
	"job_key" text PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"outcome" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_routing_target_id_routing_targets_id_fk" FOREIGN KEY ("routing_target_id") REFERENCES "public"."routing_targets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_account_id_monitoring_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."monitoring_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_sightings" ADD CONSTRAINT "image_sightings_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_sightings" ADD CONSTRAINT "image_sightings_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_fingerprints" ADD CONSTRAINT "image_fingerprints_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_blobs" ADD CONSTRAINT "evidence_blobs_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_blobs" ADD CONSTRAINT "evidence_blobs_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_pages" ADD CONSTRAINT "document_pages_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_fingerprints" ADD CONSTRAINT "page_fingerprints_page_id_document_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."document_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_shingles" ADD CONSTRAINT "page_shingles_page_id_document_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."document_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_page_id_document_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."document_pages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_target_id_routing_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."routing_targets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "posts_source_id_posted_at_index" ON "posts" USING btree ("source_id","posted_at");--> statement-breakpoint
CREATE INDEX "image_sightings_image_id_index" ON "image_sightings" USING btree ("image_id");--> statement-breakpoint
CREATE INDEX "evidence_blobs_post_id_index" ON "evidence_blobs" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "evidence_blobs_image_id_index" ON "evidence_blobs" USING btree ("image_id");--> statement-breakpoint
CREATE INDEX "page_shingles_shingle_index" ON "page_shingles" USING btree ("shingle");--> statement-breakpoint
CREATE INDEX "alerts_status_created_at_index" ON "alerts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "alerts_dedup_key_index" ON "alerts" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "incident_events_incident_id_created_at_index" ON "incident_events" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_status_next_attempt_at_index" ON "notification_outbox" USING btree ("status","next_attempt_at");