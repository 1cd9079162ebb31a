package client_test

import (
	"context"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
)

// backend mirrors app.Backend (screens.API plus HasSession and
// RevokePending),
// so that a change on either side shows up here at compile time without
// importing fyne into the client's tests.
type backend interface {
	Login(ctx context.Context, identifier, password string) (api.LoginResponse, error)
	Logout(ctx context.Context) error
	Recover(ctx context.Context, identifier, cin string) error
	RecoverConfirm(ctx context.Context, identifier, code, newPassword string) error
	Me(ctx context.Context) (api.Profile, error)
	Services(ctx context.Context) (api.ServiceList, error)
	Estivage(ctx context.Context) (api.Estivage, error)
	CreateReimbursement(ctx context.Context, idempotencyKey string, req api.CreateReimbursementRequest) (api.Reimbursement, error)
	NewIdempotencyKey() string
	Reimbursements(ctx context.Context) (api.ReimbursementList, error)
	Reimbursement(ctx context.Context, id int64, etag string) (r api.Reimbursement, newETag string, notModified bool, err error)
	Cancel(ctx context.Context, id int64) (api.Reimbursement, error)
	HasSession(ctx context.Context) bool
	RevokePending(ctx context.Context) error
}

var (
	_ backend            = (*client.Client)(nil)
	_ func(error) string = client.Code // the screens' one classification
)
