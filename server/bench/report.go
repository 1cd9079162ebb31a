package bench

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// The targets of issues 2, 5 and 11.
const (
	TargetListRatio   = 0.40                  // authenticated list / bare handler throughput
	TargetP99         = 20 * time.Millisecond // list p99 at Config.Rate
	TargetEngineRatio = 0.70                  // PostgreSQL / SQLite list throughput
)

// TargetCreates is the creates a second each engine must sustain (issue 11).
func TargetCreates(e store.Engine) float64 {
	if e == store.Postgres {
		return 1000
	}
	return 2500
}

// Markdown writes the run as a Markdown table, one column per engine.
func (r Report) Markdown(w io.Writer) {
	c := r.Config
	p := auth.DefaultParams
	fmt.Fprintf(w, "%s members, %s requests; %s a phase; throughput by wrk (1 thread, %d connections), logins by %d Go clients; "+
		"open loops at %s req/s; loopback, %d CPUs shared by the server and the load generator; %s.\n\n",
		num(float64(c.Members)), num(float64(c.Requests)), c.Duration, c.Workers, c.LoginWorkers, num(c.Rate),
		runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(w, "| Measure | Target |")
	for _, res := range r.Results {
		fmt.Fprintf(w, " %s |", engineName(res.Engine))
	}
	fmt.Fprintf(w, "\n|---|---|%s\n", strings.Repeat("---|", len(r.Results)))
	row := func(measure, target string, cell func(Result) string) {
		fmt.Fprintf(w, "| %s | %s |", measure, target)
		for _, res := range r.Results {
			fmt.Fprintf(w, " %s |", cell(res))
		}
		fmt.Fprintln(w)
	}
	row("Machine load average (1 min), before → after", "", func(x Result) string {
		return fmt.Sprintf("%.2f → %.2f", x.LoadBefore, x.LoadAfter)
	})
	row("Seeding (bulk INSERT, one transaction a step)", "", func(x Result) string { return x.Seed.Round(100 * time.Millisecond).String() })
	row("List body", "", func(x Result) string { return num(float64(x.BodyBytes)) + " bytes" })
	row("Bare net/http handler, same bytes: throughput", "", func(x Result) string { return rps(x.BareList) })
	row("Authenticated GET /reimbursements: throughput", "", func(x Result) string { return rps(x.AuthList) })
	row("Authenticated / bare throughput", "≥ 40%", func(x Result) string {
		return mark(ratio(x.AuthList, x.BareList), ratio(x.AuthList, x.BareList) >= TargetListRatio, x.AuthList, x.BareList)
	})
	row("Authenticated poll answered 304 (If-None-Match): throughput", "", func(x Result) string { return rps(x.Poll304) })
	row("Load generator (wrk) CPU per request: bare / list", "", func(x Result) string {
		return genCPU(x.BareList) + " / " + genCPU(x.AuthList)
	})
	row(fmt.Sprintf("Bare handler p50 / p99 at %s req/s", num(c.Rate)), "", func(x Result) string { return lat(x.BareOpen) })
	for i := range r.Results[0].Stages {
		row(fmt.Sprintf("List p50 / p99 at %s req/s, %s requests in the database", num(c.Rate), num(float64(r.Results[0].Stages[i].Requests))),
			"p99 < 20 ms", func(x Result) string {
				if i >= len(x.Stages) {
					return "—"
				}
				s := x.Stages[i].Load
				return markText(lat(s), s.P99 < TargetP99, s)
			})
	}
	row("POST /reimbursements creates (distinct members, 201, durable)", "≥ 2,500/s SQLite, ≥ 1,000/s PostgreSQL", func(x Result) string {
		return markText(rps(x.Creates), x.Creates.RPS >= TargetCreates(x.Engine), x.Creates)
	})
	row(fmt.Sprintf("Logins (argon2id m=%d MiB, t=%d, p=%d)", p.Memory/1024, p.Iterations, p.Parallelism), "",
		func(x Result) string { return fmt.Sprintf("%.1f/s, p99 %s", x.Logins.RPS, ms(x.Logins.P99)) })
	row("Logins per second per core (1 s / server CPU per login)", "", func(x Result) string {
		if x.Logins.CPUPerOp <= 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f", float64(time.Second)/float64(x.Logins.CPUPerOp))
	})
	row("fos-server CPU per request: list / 304 poll / create / login", "", func(x Result) string {
		return cpuPerOp(x.AuthList) + " / " + cpuPerOp(x.Poll304) + " / " + cpuPerOp(x.Creates) + " / " + cpuPerOp(x.Logins)
	})
	consoleRows(r, row)
	pagesRows(r, row)
	portalRows(r, row)
	mailRows(r, row)
	if len(r.Results) > 1 {
		base := r.Results[0].AuthList
		row("List throughput / SQLite's", "≥ 70%", func(x Result) string {
			if x.Engine == r.Results[0].Engine {
				return "—"
			}
			return mark(ratio(x.AuthList, base), ratio(x.AuthList, base) >= TargetEngineRatio, x.AuthList, base)
		})
	}
	for _, res := range r.Results {
		if len(res.Problems) > 0 {
			fmt.Fprintf(w, "\n%s server warnings and errors (first %d):\n", engineName(res.Engine), len(res.Problems))
			for _, p := range res.Problems {
				fmt.Fprintf(w, "    %s\n", p)
			}
		}
	}
}

func engineName(e store.Engine) string {
	if e == store.Postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}

func ratio(a, b Load) float64 {
	if b.RPS == 0 {
		return 0
	}
	return a.RPS / b.RPS
}

// mark shows a ratio with PASS or MISS; failed requests in the measures
// make it a MISS whatever the figure.
func mark(v float64, ok bool, loads ...Load) string {
	return markText(fmt.Sprintf("%.0f%%", 100*v), ok, loads...)
}

func markText(text string, ok bool, loads ...Load) string {
	errs := 0
	for _, l := range loads {
		errs += l.Errors
	}
	switch {
	case errs > 0:
		return fmt.Sprintf("%s **MISS** (%d failed)", text, errs)
	case ok:
		return text + " PASS"
	default:
		return text + " **MISS**"
	}
}

func rps(l Load) string { return fmt.Sprintf("%s req/s, p99 %s", num(l.RPS), ms(l.P99)) }

// cpuPerOp shows the server's CPU time a request, "—" when not measured
// (the server ran in the load generator's process).
func cpuPerOp(l Load) string {
	if l.CPUPerOp <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f µs", float64(l.CPUPerOp)/float64(time.Microsecond))
}

// genCPU shows the load generator's CPU time a request.
func genCPU(l Load) string {
	if l.GenCPUPerOp <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f µs", float64(l.GenCPUPerOp)/float64(time.Microsecond))
}

func lat(l Load) string { return ms(l.P50) + " / " + ms(l.P99) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// num writes a count with thousands separators: 100,000.
func num(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
