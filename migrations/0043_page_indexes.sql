-- Indexes for the pages a syndic opens all day, found reading their plans (issue 20 §8): without them each view of a
-- building's bank page read every firm's payments and bank lines, and every call of the platform.

-- the bank page's last payments received (newest first, 50)
create index payments_building_paid on payments (building_id, paid_on desc, id desc);
-- the bank page's statements with their movements counted
create index bank_lines_import on bank_lines (import_id);
-- a building's calls (open items, arrears, the owner's account)
create index fund_calls_building on fund_calls (building_id, due_date);
