package main_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// selfSigned makes a certificate for 127.0.0.1 with the given serial,
// signed by its own key, and writes it and its key as PEM to cert and key.
func selfSigned(t *testing.T, serial int64, cert, key string) *x509.Certificate {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "fos-server test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	// Written through a rename, as a renewal tool does, so that the
	// server never reads half a file.
	for _, f := range []struct {
		path, typ string
		der       []byte
	}{{key, "PRIVATE KEY", kb}, {cert, "CERTIFICATE", der}} {
		tmp := f.path + ".new"
		if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: f.typ, Bytes: f.der}), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, f.path); err != nil {
			t.Fatal(err)
		}
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tlsGet sends GET url on hc and returns the answer (body read), the
// serial of the certificate the server presented, and whether the request
// went over a connection already open.
func tlsGet(t *testing.T, hc *http.Client, url string) (*http.Response, int64, bool) {
	t.Helper()
	reused := false
	req, _ := http.NewRequest("GET", url, nil)
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused },
	}))
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, resp.TLS.PeerCertificates[0].SerialNumber.Int64(), reused
}

func TestTLSAndReload(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	first := selfSigned(t, 1, certFile, keyFile)
	srv, base, log := serve(t, bin, "--db", "sqlite:"+filepath.Join(dir, "fos.db"), "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("listening on %s, want https://", base)
	}
	admin := adminURL(t, log)
	if !strings.HasPrefix(admin, "https://") {
		t.Fatalf("console on %s, want https://", admin)
	}
	roots := x509.NewCertPool()
	roots.AddCert(first)
	client := func(roots *x509.CertPool, maxVersion uint16) *http.Client {
		return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: roots, MaxVersion: maxVersion}, ForceAttemptHTTP2: true}}
	}
	hc := client(roots, 0)

	resp, serial, _ := tlsGet(t, hc, base+"/healthz")
	if resp.StatusCode != 200 || serial != 1 {
		t.Fatalf("public listener: %d, certificate %d", resp.StatusCode, serial)
	}
	if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("public listener: Strict-Transport-Security %q", got)
	}
	if resp.ProtoMajor != 2 {
		t.Errorf("public listener speaks %s, want HTTP/2 (Go's defaults)", resp.Proto)
	}
	if resp, serial, _ := tlsGet(t, hc, admin+"/healthz"); resp.StatusCode != 200 || serial != 1 {
		t.Fatalf("admin listener: %d, certificate %d", resp.StatusCode, serial)
	}

	t.Run("TLS 1.1 is refused", func(t *testing.T) {
		old := client(roots, tls.VersionTLS11)
		for _, u := range []string{base, admin} {
			if resp, err := old.Get(u + "/healthz"); err == nil {
				resp.Body.Close()
				t.Errorf("%s answered over TLS 1.1", u)
			}
		}
	})
	t.Run("plain HTTP gets no API", func(t *testing.T) {
		resp, err := http.Get("http" + strings.TrimPrefix(base, "https") + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				t.Error("the TLS listener answered plain HTTP with 200")
			}
		}
	})

	t.Run("SIGHUP reloads without dropping connections", func(t *testing.T) {
		second := selfSigned(t, 2, certFile, keyFile)
		roots.AddCert(second)
		if err := srv.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		waitLog(t, log, "TLS certificate reloaded", 1)
		// The open connection goes on with the certificate it shook hands with.
		resp, serial, reused := tlsGet(t, hc, base+"/healthz")
		if resp.StatusCode != 200 || !reused || serial != 1 {
			t.Errorf("after the reload, on the open connection: %d, reused %v, certificate %d", resp.StatusCode, reused, serial)
		}
		// A new connection gets the new certificate, on both listeners.
		fresh := client(roots, 0)
		for _, u := range []string{base, admin} {
			if resp, serial, _ := tlsGet(t, fresh, u+"/healthz"); resp.StatusCode != 200 || serial != 2 {
				t.Errorf("%s after the reload: %d, certificate %d; want 2", u, resp.StatusCode, serial)
			}
		}

		// A broken pair is refused, and the server keeps the last good one.
		os.WriteFile(keyFile, []byte("not a key"), 0o600)
		srv.Process.Signal(syscall.SIGHUP)
		waitLog(t, log, "did not reload", 1)
		if resp, serial, _ := tlsGet(t, client(roots, 0), base+"/healthz"); resp.StatusCode != 200 || serial != 2 {
			t.Errorf("after a failed reload: %d, certificate %d; want 2", resp.StatusCode, serial)
		}
	})
	t.Run("a certificate without its key is refused", func(t *testing.T) {
		code, out := command(t, bin, "", "serve", "--addr", "127.0.0.1:0", "--db", "sqlite:"+filepath.Join(dir, "fos.db"), "--tls-cert", certFile)
		if code == 0 || !strings.Contains(out, "--tls-cert and --tls-key go together") {
			t.Errorf("exit %d: %s", code, out)
		}
	})
	if strings.Contains(log.String(), "PRIVATE KEY") {
		t.Error("the log shows key material")
	}
}

// waitLog waits (10 s at most) until the log holds n lines containing s.
func waitLog(t *testing.T, log interface{ String() string }, s string, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Count(log.String(), s) >= n {
			return
		}
	}
	t.Fatalf("no %q in the log after 10 s:\n%s", s, log)
}
