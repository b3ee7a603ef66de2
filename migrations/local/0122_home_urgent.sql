-- รายการหลัก's หนังสือด่วน lists ด่วน as well as ด่วนมาก and ด่วนที่สุด (issue 15).
CREATE INDEX entries_urgent_any ON entries (registered_at) WHERE urgency IN ('urgent', 'very_urgent', 'most_urgent') AND status = 'active';
