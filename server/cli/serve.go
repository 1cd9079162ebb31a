package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/jobs"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
)

func serve(ctx context.Context, args []string, env Env) error {
	fs := flags("serve", env)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	adminAddr := fs.String("admin-addr", "127.0.0.1:8081", "listen address of the agents' console and /metrics (keep it on an internal network)")
	db := dbFlag(fs)
	smtpURL := secretURLFlag(fs, "smtp", os.Getenv("FOS_SMTP"), "mail server: smtp://[user:pass@]host:port[?starttls=auto|required|off] (env FOS_SMTP)")
	smtpPassFile := fs.String("smtp-password-file", os.Getenv("FOS_SMTP_PASSWORD_FILE"),
		"file holding the mail server's password, for the user named in --smtp (env FOS_SMTP_PASSWORD_FILE; or the password itself in FOS_SMTP_PASSWORD), so that it never travels in the command line")
	from := fs.String("smtp-from", "no-reply@fos.finances.gov.ma", "sender address of the mails (one-time codes, files' steps)")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	trustProxy := fs.Bool("trust-proxy", false, "take client addresses from X-Forwarded-For (behind a load balancer only)")
	ipLimit := fs.Int("login-ip-limit", auth.DefaultPolicy.LoginIPLimit, "failed logins per client address per 15 minutes before a lock (raise it when many members share one NAT address)")
	pagesKeep := fs.Duration("attachment-retention", jobs.DefaultAttachmentRetention, "how long the pages members sent for the pre-check are kept after their request is paid, rejected, cancelled or expired (a page the member removes goes at once)")
	privacy := privacyFlags(fs)
	noticeDelay := fs.Duration("notice-delay", store.DefaultNoticeDelay, "how long a file's step waits for the next before its mail goes: steps within it make one mail (0: none)")
	settingsURL := fs.String("settings-url", os.Getenv("FOS_SETTINGS_URL"), "the page where members turn the mails of their files' steps off, for the List-Unsubscribe header (env FOS_SETTINGS_URL; none when empty)")
	processing := fs.Int("default-processing-days", int(store.DefaultProcessing/(24*time.Hour)), "days from receipt to payment assumed for estimated payment dates while a window has no paid request yet")
	// TLS on both listeners, reloaded on SIGHUP (tls.go).
	tlsCert := fs.String("tls-cert", os.Getenv("FOS_TLS_CERT"), "PEM certificate chain: serve HTTPS on both listeners, with HSTS on --addr (env FOS_TLS_CERT; reloaded on SIGHUP)")
	tlsKey := fs.String("tls-key", os.Getenv("FOS_TLS_KEY"), "PEM private key of --tls-cert (env FOS_TLS_KEY; reloaded on SIGHUP)")
	if err := parse(fs, args); err != nil {
		return err
	}
	tlsCerts, err := loadCerts(*tlsCert, *tlsKey)
	if err != nil {
		return err
	}
	if *processing < 1 || *processing > 366 {
		return fmt.Errorf("--default-processing-days %d: want 1 to 366", *processing)
	}
	if *ipLimit < 1 {
		return fmt.Errorf("--login-ip-limit %d: want 1 or more", *ipLimit)
	}
	if *pagesKeep < 0 {
		return fmt.Errorf("--attachment-retention %v: want 0 or more", *pagesKeep)
	}
	notice, retention, err := privacy()
	if err != nil {
		return err
	}
	log, err := newLogger(env.Stderr, *level)
	if err != nil {
		return err
	}
	warnDBPasswordInArgv(fs, log)
	var send mail.Sender
	if *smtpURL != "" {
		cfg, err := smtpConfig(fs, *smtpURL, *from, *smtpPassFile, log)
		if err != nil {
			return err
		}
		send = mail.SMTP(cfg)
	} else {
		log.Warn("no --smtp: mails (one-time codes, files' steps) stay in the outbox until a mail server is configured")
	}
	delay := *noticeDelay
	if delay <= 0 {
		delay = -1 // the store's "none"
	}
	s, err := store.Open(ctx, *db, storeOptions(mail.NoticeConfig{SettingsURL: *settingsURL}, delay))
	if err != nil {
		return err
	}
	defer s.Close()
	if shared, err := s.SharedEmails(ctx); err != nil {
		return err
	} else if len(shared) > 0 {
		log.Warn("agents share their e-mail address with members, who then cannot log in with it and whose tries count against the agent: give these agents addresses of their own", "addresses", len(shared))
	}
	return run(ctx, runConfig{addr: *addr, adminAddr: *adminAddr, store: s, send: send, log: log, env: env, trustProxy: *trustProxy, loginIPLimit: *ipLimit,
		defaultProcessing: time.Duration(*processing) * 24 * time.Hour, tls: tlsCerts, privacy: notice, retention: retention,
		attachmentRetention: *pagesKeep})
}

// demoCmd serves a fresh SQLite database with demo data, on loopback only,
// and writes mails (codes included) to the log.
func demoCmd(ctx context.Context, args []string, env Env) error {
	fs := flags("demo", env)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address: loopback only")
	adminAddr := fs.String("admin-addr", "127.0.0.1:8081", "listen address of the agents' console: loopback only")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, a := range []string{*addr, *adminAddr} {
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			return fmt.Errorf("--addr %q: %w", a, err)
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("demo refuses to listen on %q: its passwords are public, so it serves loopback only (127.0.0.1, ::1, localhost)", a)
		}
	}
	log, err := newLogger(env.Stderr, *level)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "fos-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s, err := openStore(ctx, "sqlite:"+filepath.Join(dir, "demo.db"))
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := newAuth(s, env.Params)
	if err != nil {
		return err
	}
	acc, err := demo.Seed(ctx, s, a.Hasher)
	if err != nil {
		return err
	}
	return run(ctx, runConfig{addr: *addr, adminAddr: *adminAddr, store: s, send: mail.Log(log), log: log, env: env, onListen: func(url, adminURL string) {
		fmt.Fprintf(env.Stdout, "FOS demo server on %s (loopback only; data is thrown away on exit)\n", url)
		fmt.Fprintf(env.Stdout, "members' web portal on %s/\n", url)
		fmt.Fprintf(env.Stdout, "agents' console on %s\n\n", adminURL)
		fmt.Fprintf(env.Stdout, "  member:       %s / %s   (%s)\n", acc.Member.Identifier, acc.Member.Password, acc.Member.Name)
		fmt.Fprintf(env.Stdout, "  other member: %s / %s   (%s)\n", acc.OtherMember.Identifier, acc.OtherMember.Password, acc.OtherMember.Name)
		fmt.Fprintf(env.Stdout, "  first login:  %s, CIN %s: use \"Récupérer mot de passe\"; the code is written to the log\n", acc.FirstLogin.Identifier, acc.FirstLogin.CIN)
		fmt.Fprintf(env.Stdout, "  agent:        %s / %s   (console and back-office API)\n", acc.Agent.Identifier, acc.Agent.Password)
		fmt.Fprintf(env.Stdout, "  supervisor:   %s / %s   (console)\n\n", acc.Supervisor.Identifier, acc.Supervisor.Password)
	}})
}

type runConfig struct {
	addr string
	// adminAddr is the console's listener; "" serves no console and keeps
	// /metrics on addr.
	adminAddr string
	// audit, when set, receives the security events besides the log and
	// the journal.
	audit      audit.Sink
	store      *store.Store
	send       mail.Sender
	log        *slog.Logger
	env        Env
	trustProxy bool
	// loginIPLimit replaces the policy's failures per address when > 0.
	loginIPLimit int
	// defaultProcessing is httpapi.Server.DefaultProcessing.
	defaultProcessing time.Duration
	// attachmentRetention is jobs.Runner.AttachmentRetention.
	attachmentRetention time.Duration
	// tls, when set, serves HTTPS on both listeners (serve's --tls-cert).
	tls *certs
	// privacy and retention are the privacy notice and how long closed
	// files are kept (privacy.go); zero retention purges nothing (demo).
	privacy   api.Privacy
	retention time.Duration
	onListen  func(url, adminURL string)
}

// run serves until ctx ends (SIGTERM, SIGINT), then drains: /readyz turns
// 503, in-flight requests finish (up to 20 s), jobs stop.
func run(ctx context.Context, c runConfig) error {
	a, err := newAuth(c.store, c.env.Params)
	if err != nil {
		return err
	}
	if c.loginIPLimit > 0 {
		a.Policy.LoginIPLimit = c.loginIPLimit
	}
	a.Log = c.log
	// Security events go to the log at Info, for the foundation's log
	// pipeline (README, "Audit events"); the agents' and the console's go
	// to the journal as well, for the console's Journal page.
	var trail audit.Sink = audit.Multi{audit.Log{Logger: c.log}, store.JournalSink{Store: c.store, Log: c.log}}
	if c.audit != nil {
		trail = audit.Multi{trail, c.audit}
	}
	a.Audit = trail
	var draining atomic.Bool
	h := &httpapi.Server{Store: c.store, Auth: a, Log: c.log, TrustProxy: c.trustProxy, DefaultProcessing: c.defaultProcessing,
		Ready: func() bool { return !draining.Load() }, Audit: trail, AdminMetrics: c.adminAddr != "", Privacy: c.privacy}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	url, handler := "http://"+ln.Addr().String(), publicHandler(c, a, h, trail)
	if c.tls != nil {
		url, handler = "https://"+ln.Addr().String(), hsts(handler)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10}
	var admin *adminListener
	if c.adminAddr != "" {
		if admin, err = listenAdmin(c, a, h, trail); err != nil {
			ln.Close()
			return err
		}
	}
	jobCtx, stopJobs := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		(&jobs.Runner{Store: c.store, Send: c.send, Log: c.log, MailEvery: 2 * time.Second, ExpireEvery: time.Minute,
			AttachmentRetention: c.attachmentRetention, Retention: c.retention}).Run(jobCtx)
	}()
	errc := make(chan error, 2)
	go func() { errc <- serveOn(srv, ln, c.tls) }()
	adminURL := ""
	if admin != nil {
		adminURL = admin.url
		go func() { errc <- serveOn(admin.srv, admin.ln, c.tls) }()
	}
	stopHUP := reloadOnHUP(c.tls, c.log)
	defer stopHUP()
	c.log.Info("listening", "url", url, "console", adminURL, "db", string(c.store.Engine()))
	if c.onListen != nil {
		c.onListen(url, adminURL)
	}
	if err := sdNotify("READY=1\nSTATUS=serving on " + url); err != nil {
		c.log.Warn("could not tell systemd the server is ready", "error", err.Error())
	}
	select {
	case err := <-errc:
		srv.Close()
		if admin != nil {
			admin.srv.Close()
		}
		a.Wait()
		stopJobs()
		<-done
		return err
	case <-ctx.Done():
	}
	c.log.Info("shutting down")
	sdNotify("STOPPING=1")
	draining.Store(true)
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	if admin != nil {
		err = errors.Join(err, admin.srv.Shutdown(shutCtx))
	}
	a.Wait() // recoveries answered but not yet queued
	stopJobs()
	<-done
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	c.log.Info("stopped")
	return nil
}
