package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// maxBody caps every request body.
const maxBody = 64 << 10

// writeJSON sends v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"encoding failed"}}`, http.StatusInternalServerError)
		return
	}
	writeBytes(w, status, b)
}

func writeBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// apiError is err as the API answers it: an *api.Error keeps its code,
// store.ErrNotFound is not_found, and anything else is internal, without
// detail (known is false: only then may err need logging).
func apiError(err error) (e *api.Error, known bool) {
	switch {
	case errors.As(err, &e):
		return e, true
	case errors.Is(err, store.ErrNotFound):
		return api.Errorf(api.CodeNotFound, "no such resource"), true
	}
	return api.Errorf(api.CodeInternal, "internal error"), false
}

// writeError is the one place an error becomes a response, as apiError
// translates it; a cancelled request is left alone, and an internal error
// is logged.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, known := apiError(err)
	if !known {
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			return // the client went away
		}
		s.Log.ErrorContext(r.Context(), "internal error", "method", r.Method, "route", r.Pattern, "err", err)
	}
	if e.Code == api.CodeRateLimited && e.RetryAfterSeconds > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfterSeconds))
		s.metrics.rateLimited.Inc()
	}
	writeJSON(w, e.Code.HTTPStatus(), api.ErrorBody{Error: e})
}

// decode reads a JSON body into v: at most maxBody bytes, one value, no
// unknown fields. Its errors are invalid_request (naming the field by its
// dotted path when there is one) or payload_too_large.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return decodeError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			// encoding/json names an unknown field without its path.
			field, found := unknownField(body, reflect.TypeOf(v), "")
			if !found {
				field = strings.Trim(name, `"`)
			}
			e := api.Errorf(api.CodeInvalidRequest, "unknown field %q", field)
			e.Field = field
			return e
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return api.Errorf(api.CodeInvalidRequest, "the body must hold one JSON object and nothing after it")
	}
	return nil
}

// decodeOptional is decode for a body that may be left out: an empty body,
// with or without a Content-Length (chunked), leaves v as it is.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	br := bufio.NewReader(http.MaxBytesReader(w, r.Body, maxBody))
	if _, err := br.Peek(1); errors.Is(err, io.EOF) {
		return nil
	}
	r.Body = io.NopCloser(br)
	return decode(w, r, v)
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return api.Errorf(api.CodePayloadTooLarge, "the body is larger than %d bytes", maxBody)
	case errors.Is(err, io.EOF):
		return api.Errorf(api.CodeInvalidRequest, "the body is empty; a JSON object is expected")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return api.Errorf(api.CodeInvalidRequest, "malformed JSON: %v", err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return api.Errorf(api.CodeInvalidRequest, "the body must be a JSON object")
		}
		e := api.Errorf(api.CodeInvalidRequest, "field %q has the wrong type or value: got %s", field, typ.Value)
		e.Field = field
		return e
	default:
		return api.Errorf(api.CodeInvalidRequest, "unreadable body: %v", err)
	}
}

// invalid is an invalid_request naming field.
func invalid(field, format string, args ...any) *api.Error {
	e := api.Errorf(api.CodeInvalidRequest, "%s: %s", field, fmt.Sprintf(format, args...))
	e.Field = field
	return e
}

// writeCacheable sends body (JSON) under the strong ETag etag, or 304 when
// the client's If-None-Match already names it. Polling thus costs a few
// bytes; the ETags come from the store's versions (etag.go), so a 304 is
// decided before any body is read. Like every authenticated answer it is
// no-store (see authed): the client keeps the body itself.
func writeCacheable(w http.ResponseWriter, r *http.Request, etag string, body []byte) {
	w.Header().Set("ETag", etag)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBytes(w, http.StatusOK, body)
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// logAttrs never includes headers or bodies: they may carry tokens,
// passwords or codes.
func logAttrs(r *http.Request, status int) []slog.Attr {
	return []slog.Attr{slog.String("method", r.Method), slog.String("route", r.Pattern), slog.Int("status", status)}
}
