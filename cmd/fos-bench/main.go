// Command fos-bench is `make bench-server`: it benchmarks the reference
// server on loopback, on SQLite and, when FOS_TEST_POSTGRES_URL or
// --postgres is set, on PostgreSQL, and prints a Markdown table of both
// engines. See server/bench.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	_ "time/tzdata" // Africa/Casablanca on machines without a zone database

	"github.com/fos-mobile/fos/server/bench"
)

func main() {
	d := bench.DefaultConfig()
	cfg := d
	flag.IntVar(&cfg.Members, "members", d.Members, "members in the database")
	flag.IntVar(&cfg.Requests, "requests", d.Requests, "reimbursement requests in the database at the end")
	flag.IntVar(&cfg.ListMembers, "list-members", d.ListMembers, "members who log in through the API and list")
	flag.DurationVar(&cfg.Duration, "duration", d.Duration, "length of each measured phase")
	flag.IntVar(&cfg.Workers, "workers", d.Workers, "concurrent clients of the closed-loop phases")
	flag.IntVar(&cfg.LoginWorkers, "login-workers", d.LoginWorkers, "concurrent clients of the login phase")
	flag.Float64Var(&cfg.Rate, "rate", d.Rate, "requests per second of the latency phases")
	flag.IntVar(&cfg.CreatePool, "create-pool", d.CreatePool, "members given a session for the create phase")
	flag.StringVar(&cfg.Postgres, "postgres", os.Getenv("FOS_TEST_POSTGRES_URL"), "PostgreSQL URL (env FOS_TEST_POSTGRES_URL); the run uses a schema of its own")
	flag.BoolVar(&cfg.PostgresOnly, "postgres-only", false, "measure PostgreSQL only")
	bin := flag.String("server-bin", "", "a built fos-server binary (default: go build ./cmd/fos-server)")
	inProcess := flag.Bool("in-process", false, "serve the router in this process instead of running the binary")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of this process to `file` (with --in-process it includes the server)")
	flag.Parse()
	if *cpuProfile != "" {
		stopProfile, err := startProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fos-bench:", err)
			os.Exit(1)
		}
		defer stopProfile()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, *bin, *inProcess); err != nil {
		fmt.Fprintln(os.Stderr, "fos-bench:", err)
		stop()
		os.Exit(1)
	}
}

// startProfile starts a CPU profile into path and returns what stops it.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func run(ctx context.Context, cfg bench.Config, bin string, inProcess bool) error {
	cfg.Log = os.Stderr
	if !inProcess && bin == "" {
		dir, err := os.MkdirTemp("", "fos-bench-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if bin, err = bench.BuildServer(ctx, dir); err != nil {
			return err
		}
	}
	if !inProcess {
		cfg.ServerBin = bin
	}
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Markdown(os.Stdout)
	return nil
}
