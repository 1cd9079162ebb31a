package console

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/csvexport"
	"github.com/fos-mobile/fos/server/store"
)

// paymentHeader is the bank file's header. It stays in French whatever the
// supervisor's language: the file goes to the bank and the accountants. The
// member data hold no RIB, so the file has no RIB column.
var paymentHeader = []string{"Lot", "Référence", "Matricule", "CIN", "Nom", "Prénom", "Fenêtre", "Saison",
	"Montant (MAD)", "Date d'approbation"}

// batchCSV sends a batch's files as CSV for French-locale Excel, streamed
// row by row (ten thousand files take a fraction of a second). The
// download is journaled: the file holds members' personal data.
func (c *Console) batchCSV(w http.ResponseWriter, r *http.Request, s *Session) {
	b, ok := c.loadBatch(w, r, s)
	if !ok {
		return
	}
	if !b.CancelledAt.IsZero() {
		c.batchRefused(w, r, s, b, "supervisor.batch_export", errCancelledExport)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, b.Label()))
	h.Set("Cache-Control", "no-store")
	fr := catalog.Tr(web.FR)
	loc := c.Store.Location()
	cw := csvexport.New(w)
	err := cw.Write(paymentHeader...)
	if err == nil {
		err = c.Store.PaymentLines(r.Context(), b.ID, func(l store.PaymentLine) error {
			return cw.Write(b.Label(), l.Reference, l.Matricule, l.CIN, l.LastName, l.FirstName,
				fr.Kind(l.Kind), strconv.Itoa(l.Season), csvexport.Amount(l.AmountCentimes),
				csvexport.Date(l.ApprovedAt, loc))
		})
	}
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		// Headers are gone: the client sees a cut file; the log says why.
		c.Log.Error("console: payment export", "batch", b.Label(), "err", err)
		return
	}
	c.audit(r, s, "supervisor.batch_export", audit.OK, b.Label(), fmt.Sprintf("%d files", b.Files))
}

var errCancelledExport = api.Errorf(api.CodeInvalidTransition, "a cancelled batch has no file")

// isInvalidTransition reports whether err is the store's refusal of an
// action the current state does not allow.
func isInvalidTransition(err error) bool {
	var ae *api.Error
	return errors.As(err, &ae) && ae.Code == api.CodeInvalidTransition
}
