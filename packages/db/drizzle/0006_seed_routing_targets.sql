-- Default routing targets for Lâm Đồng (docs/operations.md, "Routing targets"): records, not
-- constants, effective-dated. Contacts are left empty for the administrators to fill in.
-- Seeded only into an empty table, so an installation's own records are never touched.
INSERT INTO "routing_targets" ("name", "former_names", "kind", "active_from", "active_until")
SELECT v.name, v.former_names, v.kind::routing_target_kind, v.active_from, v.active_until
FROM (VALUES
  ('Sở Y tế tỉnh Lâm Đồng', ARRAY[]::text[], 'department', NULL::timestamptz, NULL::timestamptz),
  ('Sở Khoa học và Công nghệ tỉnh Lâm Đồng', ARRAY['Sở Thông tin và Truyền thông tỉnh Lâm Đồng']::text[], 'department', '2025-03-01T00:00:00+07:00'::timestamptz, NULL::timestamptz),
  ('Sở Thông tin và Truyền thông tỉnh Lâm Đồng', ARRAY[]::text[], 'department', NULL::timestamptz, '2025-03-01T00:00:00+07:00'::timestamptz),
  ('Công an tỉnh Lâm Đồng', ARRAY[]::text[], 'police', NULL::timestamptz, NULL::timestamptz),
  ('Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05) – Bộ Công an', ARRAY[]::text[], 'data_protection_agency', NULL::timestamptz, NULL::timestamptz)
) AS v(name, former_names, kind, active_from, active_until)
WHERE NOT EXISTS (SELECT 1 FROM "routing_targets");
