ALTER TABLE "images" ADD COLUMN "blob_removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "evidence_blobs" ADD COLUMN "blob_removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "content_removed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "images_blob_key_stored_idx" ON "images" USING btree ("blob_key") WHERE "images"."blob_removed_at" is null;--> statement-breakpoint
CREATE INDEX "evidence_blobs_blob_key_stored_idx" ON "evidence_blobs" USING btree ("blob_key") WHERE "evidence_blobs"."blob_removed_at" is null;