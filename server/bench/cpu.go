package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's CPU times: 100 on
// every Linux build the kernel exports to user space.
const clockTicks = 100

// processCPU returns a function that reads the user+system CPU time pid has
// used so far, from /proc/PID/stat, with ok false where it cannot.
func processCPU(pid int) func() (time.Duration, bool) {
	path := fmt.Sprintf("/proc/%d/stat", pid)
	return func() (time.Duration, bool) {
		b, err := os.ReadFile(path)
		if err != nil {
			return 0, false
		}
		return parseStatCPU(string(b))
	}
}

// parseStatCPU reads utime and stime (fields 14 and 15) from a
// /proc/PID/stat line. The command name, field 2, is in parentheses and
// may hold spaces, so the count starts after its closing parenthesis.
func parseStatCPU(stat string) (time.Duration, bool) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, false
	}
	f := strings.Fields(stat[end+1:])
	// f[0] is field 3 (state), so utime (14) is f[11] and stime (15) f[12].
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(u+s) * time.Second / clockTicks, true
}

// serverCPU measures the server process's CPU time across fn and returns
// it per successful request of the Load fn returns, in the Load. It leaves
// CPUPerOp at zero when the server shares this process or /proc is missing.
func serverCPU(srv *target, fn func() (Load, error)) (Load, error) {
	if srv.cpu == nil {
		return fn()
	}
	before, ok1 := srv.cpu()
	l, err := fn()
	after, ok2 := srv.cpu()
	if ok1 && ok2 && l.OK > 0 {
		l.CPUPerOp = (after - before) / time.Duration(l.OK)
	}
	return l, err
}
