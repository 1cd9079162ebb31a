package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// The Paiements pages (supervisors): the approved files waiting for
// payment, the batches made of them, each batch's CSV for the bank and the
// one action that marks a whole batch paid.

// batchesPage is the number of batches listed per page.
const batchesPage = 20

// paymentsData is the Paiements page's.
type paymentsData struct {
	Payable       int
	PayableAmount int64
	Batches       []batchView
}

func (c *Console) payments(w http.ResponseWriter, r *http.Request, s *Session) {
	page := web.PageParam(r)
	var d paymentsData
	var err error
	if d.Payable, d.PayableAmount, err = c.Store.PayableSummary(r.Context()); err != nil {
		c.internal(w, r, s, err)
		return
	}
	batches, total, err := c.Store.PaymentBatches(r.Context(), batchesPage, (page-1)*batchesPage)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	for _, b := range batches {
		d.Batches = append(d.Batches, viewBatch(b))
	}
	pages := max(1, (total+batchesPage-1)/batchesPage)
	v := &view{Title: s.T("pay.title"), Data: d, Flash: notice(s, r, "fait"),
		Pager: web.NewPager("/paiements", nil, page, pages, page < pages)}
	if r.URL.Query().Get("vide") != "" {
		v.Error = s.T("pay.nothing")
	}
	c.render(w, r, s, http.StatusOK, "payments", "/paiements", v)
}

// createBatch gathers every payable file into a new batch. A second click
// finds nothing left to gather and says so, so it never makes two batches
// of the same files.
func (c *Console) createBatch(w http.ResponseWriter, r *http.Request, s *Session) {
	b, err := c.Store.CreatePaymentBatch(r.Context(), s.Agent.ID)
	if errors.Is(err, store.ErrNothingToPay) {
		http.Redirect(w, r, "/paiements?vide=1", http.StatusSeeOther)
		return
	}
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.audit(r, s, "supervisor.batch_create", audit.OK, b.Label(), fmt.Sprintf("%d files, %d centimes", b.Files, b.TotalCentimes))
	http.Redirect(w, r, fmt.Sprintf("/paiements/lots/%d?fait=cree", b.ID), http.StatusSeeOther)
}

// batchView is a batch with the words and style of its state.
type batchView struct {
	store.PaymentBatch
	StateKey, StateClass string
}

func viewBatch(b store.PaymentBatch) batchView {
	switch {
	case !b.CancelledAt.IsZero():
		return batchView{b, "pay.state.cancelled", "st-cancelled"}
	case !b.PaidAt.IsZero():
		return batchView{b, "pay.state.paid", "st-paid"}
	}
	return batchView{b, "pay.state.open", "st-approved"}
}

// batchData is a batch page's.
type batchData struct {
	B     batchView
	Lines []store.PaymentLine
}

// batchLines is how many of a batch's files its page lists; the CSV has
// them all.
const batchLines = 200

func (c *Console) batch(w http.ResponseWriter, r *http.Request, s *Session) {
	b, ok := c.loadBatch(w, r, s)
	if !ok {
		return
	}
	d := batchData{B: viewBatch(b)}
	err := c.Store.PaymentLines(r.Context(), b.ID, func(l store.PaymentLine) error {
		if len(d.Lines) >= batchLines {
			return errEnough
		}
		d.Lines = append(d.Lines, l)
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		c.internal(w, r, s, err)
		return
	}
	c.render(w, r, s, http.StatusOK, "batch", "/paiements", &view{Title: s.T("pay.batch.title", b.Label()), Data: d,
		Flash: notice(s, r, "fait")})
}

var errEnough = errors.New("enough lines")

// loadBatch reads the batch of the path's id, or answers 404.
func (c *Console) loadBatch(w http.ResponseWriter, r *http.Request, s *Session) (store.PaymentBatch, bool) {
	id, ok := pathID(r)
	if !ok {
		c.notFound(w, r, s)
		return store.PaymentBatch{}, false
	}
	b, err := c.Store.PaymentBatch(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		c.notFound(w, r, s)
		return b, false
	}
	if err != nil {
		c.internal(w, r, s, err)
		return b, false
	}
	return b, true
}

// payBatch marks a batch paid. Paying it again (a double click, a second
// tab, a replayed form) pays nothing and says the batch was paid already.
func (c *Console) payBatch(w http.ResponseWriter, r *http.Request, s *Session) {
	b, ok := c.loadBatch(w, r, s)
	if !ok {
		return
	}
	res, err := c.Store.PayBatch(r.Context(), b.ID, s.Agent.ID)
	if err != nil {
		c.batchRefused(w, r, s, b, "supervisor.batch_pay", err)
		return
	}
	next := url.Values{}
	if res.AlreadyPaid {
		c.audit(r, s, "supervisor.batch_pay", audit.Failed, b.Label(), "already paid")
		next.Set("fait", "deja")
	} else {
		c.audit(r, s, "supervisor.batch_pay", audit.OK, b.Label(), fmt.Sprintf("%d paid, %d skipped", res.Paid, res.Skipped))
		next.Set("fait", "paye")
	}
	http.Redirect(w, r, fmt.Sprintf("/paiements/lots/%d?%s", b.ID, next.Encode()), http.StatusSeeOther)
}

// cancelBatch gives an unpaid batch's files back to the payable ones.
func (c *Console) cancelBatch(w http.ResponseWriter, r *http.Request, s *Session) {
	b, ok := c.loadBatch(w, r, s)
	if !ok {
		return
	}
	if _, err := c.Store.CancelBatch(r.Context(), b.ID, s.Agent.ID); err != nil {
		c.batchRefused(w, r, s, b, "supervisor.batch_cancel", err)
		return
	}
	c.audit(r, s, "supervisor.batch_cancel", audit.OK, b.Label(), "")
	http.Redirect(w, r, fmt.Sprintf("/paiements/lots/%d?fait=annule", b.ID), http.StatusSeeOther)
}

// batchRefused answers an action the batch's state refuses (cancelled,
// paid) with the batch page and a message, or a store failure with 500.
func (c *Console) batchRefused(w http.ResponseWriter, r *http.Request, s *Session, b store.PaymentBatch, action string, err error) {
	if !isInvalidTransition(err) {
		c.internal(w, r, s, err)
		return
	}
	c.audit(r, s, action, audit.Failed, b.Label(), "batch paid or cancelled")
	b, _ = c.Store.PaymentBatch(r.Context(), b.ID)
	c.render(w, r, s, http.StatusConflict, "batch", "/paiements", &view{Title: s.T("pay.batch.title", b.Label()),
		Data: batchData{B: viewBatch(b)}, Error: s.T("pay.refused")})
}
