// Command fos-mobile is the FOS member app: it requests and tracks the
// reimbursement of summer holiday invoices. The API base URL is set at build
// time; FOS_API_URL overrides it for testers.
package main

import (
	"fmt"
	"os"
	_ "time/tzdata" // phones may lack the zone database; Morocco's rules matter

	"fyne.io/fyne/v2/app"

	fosapp "github.com/fos-mobile/fos/app"
	_ "github.com/fos-mobile/fos/app/locale" // before fyne reads the locale
)

func main() {
	if err := fosapp.Run(app.NewWithID(fosapp.ID)); err != nil {
		fmt.Fprintln(os.Stderr, "fos-mobile:", err)
		os.Exit(1)
	}
}
