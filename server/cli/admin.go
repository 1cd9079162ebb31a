package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/importer"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
)

func importMembers(ctx context.Context, args []string, env Env) error {
	fs := flags("members import", env)
	db := dbFlag(fs)
	deactivate := fs.Bool("deactivate", false, "the file is every serving member: those missing from it have left (no login; purged after the retention)")
	confirm := fs.Int("confirm-leave", -1, "with --deactivate: how many members the file makes leave, required when that is more than 2% of those present (and more than 20)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give exactly one CSV file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	members, err := importer.Parse(f)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	var keep []string
	if *deactivate {
		keep = make([]string, len(members))
		for i, m := range members {
			keep[i] = m.Matricule
		}
		if err := checkMassLeave(ctx, s, keep, *confirm); err != nil {
			return err
		}
	}
	ins, upd, err := s.UpsertMembers(ctx, members)
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	fmt.Fprintf(env.Stdout, "imported %d members: %d new, %d updated\n", len(members), ins, upd)
	if *deactivate {
		n, err := s.LeaveMembersNotIn(ctx, keep)
		if err != nil {
			return fmt.Errorf("imported, but the members missing from the file were not deactivated: %w", err)
		}
		fmt.Fprintf(env.Stdout, "%d members missing from the file have left\n", n)
	}
	return nil
}

// checkMassLeave refuses, before anything is imported, a --deactivate
// file that would make more than 2% of the present members (and more than
// 20) leave, unless confirm says exactly how many: a partial file (one
// directorate's, a truncated export) would otherwise lock out thousands.
// A month's retirements in a ministry stay under that.
func checkMassLeave(ctx context.Context, s *store.Store, keep []string, confirm int) error {
	missing, present, err := s.MembersNotIn(ctx, keep)
	if err != nil {
		return err
	}
	if missing <= 20 || missing*50 <= present || confirm == missing {
		return nil
	}
	msg := fmt.Sprintf("nothing was imported: the file would make %d of the %d present members (%.0f%%) leave.\n"+
		"If it really is the whole list of serving members, run again with --confirm-leave %d", missing, present,
		100*float64(missing)/float64(present), missing)
	if confirm >= 0 {
		msg += fmt.Sprintf(" (--confirm-leave %d does not match)", confirm)
	}
	return errors.New(msg)
}

func setPassword(ctx context.Context, args []string, env Env) error {
	fs := flags("members set-password", env)
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give exactly one matricule; the password is read from standard input")
	}
	pw, err := readPassword(env)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.MemberByIdentifier(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("member %s: %w", fs.Arg(0), err)
	}
	a, err := newAuth(s, env.Params)
	if err != nil {
		return err
	}
	hash, err := a.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	// The member hears of it, as after a reset of their own.
	var notices []store.Mail
	if m.Email != "" {
		notices = append(notices, mail.PasswordChanged(m, s.Now().In(s.Location())))
	}
	if err := s.SetMemberPassword(ctx, m.ID, hash, notices...); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "password set for %s; the member's sessions were ended and a notice mailed\n", m.Matricule)
	return nil
}

func addAgent(ctx context.Context, args []string, env Env) error {
	fs := flags("agents add", env)
	db := dbFlag(fs)
	name := fs.String("name", "", "the agent's name (default: the e-mail)")
	role := fs.String("role", "", "agent or supervisor, the console's role (default: agent for a new account, unchanged otherwise)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !strings.Contains(fs.Arg(0), "@") {
		return errors.New("give exactly one e-mail address; the password is read from standard input")
	}
	if *role != "" && !store.ValidAgentRole(*role) {
		return fmt.Errorf("--role %q: want agent or supervisor", *role)
	}
	pw, err := readPassword(env)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := newAuth(s, env.Params)
	if err != nil {
		return err
	}
	hash, err := a.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	if *name == "" {
		*name = fs.Arg(0)
	}
	created, err := s.UpsertAgent(ctx, fs.Arg(0), *name, hash)
	if err != nil {
		return err
	}
	if *role != "" {
		if err := s.SetAgentRole(ctx, fs.Arg(0), *role); err != nil {
			return err
		}
	}
	verb := "updated (sessions ended)"
	if created {
		verb = "added"
	}
	fmt.Fprintf(env.Stdout, "agent %s %s\n", strings.ToLower(fs.Arg(0)), verb)
	return nil
}

// readPassword reads one line from standard input, without echo on a
// terminal, and applies the password policy. A password is never taken
// from an argument, where ps and shell history would show it.
func readPassword(env Env) (string, error) {
	var line string
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		line = string(b)
	} else {
		r := bufio.NewReader(io.LimitReader(env.Stdin, 4096))
		s, err := r.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		line = strings.TrimRight(s, "\r\n")
	}
	if err := auth.ValidatePassword(line); err != nil {
		return "", errors.New(strings.TrimPrefix(err.Error(), "invalid_request: "))
	}
	return line, nil
}
