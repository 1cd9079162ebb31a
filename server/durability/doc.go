// Package durability holds the FOS server's durability tests, which drive
// the built fos-server binary as an operator would:
//
//   - TestMultiReplica starts two `fos-server serve` processes on one
//     PostgreSQL database and fires concurrent, repeated and double
//     submissions at both, then proves from the database that they behaved
//     as one server (one live request per member, kind and season; every
//     201 stored as answered; idempotency keys and login lockouts shared).
//   - TestCrashSQLite and TestCrashPostgres kill -9 the server under a load
//     of submissions, restart it on the same database, and prove that no
//     answered request was lost, no idempotency key produced two rows, a
//     retried key whose answer was lost replays or creates exactly once, and
//     the database passes its integrity checks.
//   - TestCrashPagesSQLite and TestCrashPagesPostgres do the same under a
//     load of page uploads: every acknowledged page is stored whole under
//     its key, no page is an orphan, and a retried key stores one page.
//   - TestBackupSQLiteUnderLoad runs `fos-server backup` while clients create
//     requests at full speed, and restores the copy with `fos-server
//     restore`; TestPgDumpRestoreUnderLoad does the same with pg_dump and
//     pg_restore. Both prove that every request answered before the copy
//     began is served again. TestDrillSQLite and TestDrillPostgres are
//     the same at 100,000 members and requests, with figures (make
//     backup-drill; skipped without FOS_BACKUP_DRILL).
//
// PostgreSQL tests need FOS_TEST_POSTGRES_URL (each creates and drops a
// database of its own) and are skipped without it. FOS_CRASH_SIZE=large runs
// the crash tests with more members and several kill/restart rounds
// (make crash-test). The package has no code of its own beyond its tests.
package durability
