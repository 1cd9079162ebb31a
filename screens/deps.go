package screens

import (
	"context"

	"github.com/fos-mobile/fos/api"
)

// Authenticator logs a member in and out. Login can fail with
// invalid_credentials, rate_limited, invalid_request; Logout forgets the
// token even when the server cannot be reached.
type Authenticator interface {
	Login(ctx context.Context, identifier, password string) (api.LoginResponse, error)
	Logout(ctx context.Context) error
}

// Recoverer runs the two steps of "Récupérer mot de passe". Recover answers
// the same whether or not the account exists; RecoverConfirm fails with
// invalid_request for a wrong or expired code, rate_limited after too many.
type Recoverer interface {
	Recover(ctx context.Context, identifier, cin string) error
	RecoverConfirm(ctx context.Context, identifier, code, newPassword string) error
}

// Profiler reads the member's record (GET /me).
type Profiler interface {
	Me(ctx context.Context) (api.Profile, error)
}

// Preferencer changes the member's preferences kept on the server (PATCH
// /me): the language of their mails, whether a mail tells each step of
// their files. It can fail with invalid_request.
type Preferencer interface {
	SetPreferences(ctx context.Context, p api.PreferencesRequest) (api.Profile, error)
}

// ServiceLister reads the Espace de gestion's services (GET /services).
type ServiceLister interface {
	Services(ctx context.Context) (api.ServiceList, error)
}

// Estivager reads the current season (GET /estivage).
type Estivager interface {
	Estivage(ctx context.Context) (api.Estivage, error)
}

// Requester creates a reimbursement request. The key must stay the same
// for every retry of one attempt. It can fail with window_closed,
// already_requested, profile_changed, idempotency_mismatch.
type Requester interface {
	CreateReimbursement(ctx context.Context, idempotencyKey string, req api.CreateReimbursementRequest) (api.Reimbursement, error)
	NewIdempotencyKey() string
}

// Tracker reads the member's requests. Reimbursement sends etag as
// If-None-Match when it is not empty and reports notModified on 304.
type Tracker interface {
	Reimbursements(ctx context.Context) (api.ReimbursementList, error)
	Reimbursement(ctx context.Context, id int64, etag string) (r api.Reimbursement, newETag string, notModified bool, err error)
	Cancel(ctx context.Context, id int64) (api.Reimbursement, error)
}

// Pager sends the photos of a request's originals for the agents'
// pre-check. The key of an upload stays the same for every retry of one
// page. UploadPage can fail with payload_too_large,
// unsupported_media_type, quota_exceeded, invalid_transition; DeletePage
// with invalid_transition once an agent has seen the page.
type Pager interface {
	Pages(ctx context.Context, id int64) (api.PageList, error)
	PageThumbnail(ctx context.Context, id, page int64) ([]byte, error)
	UploadPage(ctx context.Context, id int64, doc int, name, key string, data []byte, progress func(sent, total int64)) (api.Page, error)
	DeletePage(ctx context.Context, id, page int64) error
	NewIdempotencyKey() string
}

// PrivacyReader reads the privacy notice's configured facts (GET /privacy),
// which need no session.
type PrivacyReader interface {
	Privacy(ctx context.Context) (api.Privacy, error)
}

// Exporter downloads everything held on the member (GET /me/export), as
// the JSON file or, with api.ExportHTML, the readable page in lang. It can
// fail with rate_limited.
type Exporter interface {
	Export(ctx context.Context, format, lang string) ([]byte, error)
}
