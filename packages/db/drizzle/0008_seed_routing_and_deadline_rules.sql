-- Default routing and deadline rules (docs/operations.md, "Routing rules" and "Deadline rules"):
-- records administrators edit, seeded only into empty tables so an installation's own rules are
-- never touched. They reproduce what LeakWatch did before rules were records.
INSERT INTO "routing_rules" ("name", "event", "target_kinds")
SELECT v.name, v.event::routing_event, v.kinds::routing_target_kind[]
FROM (VALUES
  ('Mở sự cố: báo các Sở và Công an tỉnh', 'opened', ARRAY['department', 'police']),
  ('Nâng mức nghiêm trọng: báo các Sở và Công an tỉnh', 'escalated', ARRAY['department', 'police']),
  ('Nội dung đã gỡ: báo các Sở', 'removed', ARRAY['department']),
  ('Đóng sự cố: báo các Sở', 'closed', ARRAY['department'])
) AS v(name, event, kinds)
WHERE NOT EXISTS (SELECT 1 FROM "routing_rules");
--> statement-breakpoint
INSERT INTO "deadline_rules" ("name", "label", "start_event", "duration_hours", "remind_before_hours", "remind", "met_by")
SELECT 'breach_notice_72h',
  'Thông báo vi phạm dữ liệu cá nhân cho A05 – Bộ Công an (72 giờ)',
  'detected', 72, ARRAY[24, 6]::real[], ARRAY['assignee', 'admins'], 'notice_sent'
WHERE NOT EXISTS (SELECT 1 FROM "deadline_rules");
