package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// Pager is the paging of a list, shown by {{template "pager" .}} (the page
// sets view.Pager): the page, how many there are, and the links to the
// pages before and after ("" where there is none).
type Pager struct {
	Page int
	// Pages is 0 when the list is not counted (the journal's); the page
	// then only says its number.
	Pages      int
	Prev, Next string
}

// PageParam is the query's page number: 1 unless a number from 2 up.
func PageParam(r *http.Request) int {
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 && n < 100000 {
		return n
	}
	return 1
}

// NewPager pages a list at path whose links keep the query q (its filter);
// more says whether a page follows this one.
func NewPager(path string, q url.Values, page, pages int, more bool) *Pager {
	link := func(p int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(p))
		return path + "?" + v.Encode()
	}
	pg := &Pager{Page: page, Pages: pages}
	if page > 1 {
		pg.Prev = link(page - 1)
	}
	if more {
		pg.Next = link(page + 1)
	}
	return pg
}
