package store_test

import (
	"context"
	"strings"
	"testing"
)

// TestQueueReadsInDeadlineOrder: the console's default queue (a season, any
// status, by deadline) walks reimbursements_season_deadline instead of
// sorting the whole season (migration 00008).
func TestQueueReadsInDeadlineOrder(t *testing.T) {
	db := openDB(t, "sqlite:"+t.TempDir()+"/fos.db")
	rows, err := db.DB().QueryContext(context.Background(), `EXPLAIN QUERY PLAN SELECT r.id, m.cin
		FROM reimbursements r JOIN members m ON m.id = r.member_id WHERE r.season = 2026
		ORDER BY r.deposit_deadline, r.id LIMIT 50 OFFSET 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	got := strings.Join(plan, "; ")
	if !strings.Contains(got, "reimbursements_season_deadline") || strings.Contains(got, "TEMP B-TREE") {
		t.Fatalf("queue plan: %s", got)
	}
}
