// Package web is the plumbing that fos-server's web surfaces share: the
// agents' console (server/console) and the members' portal
// (server/portal). Each surface keeps its own pages, routes, catalogue,
// cookie names and principal; this package gives them one way to do the
// rest:
//
//   - languages and catalogues (Catalog, Tr): French and Arabic, the
//     surface's own texts from JSON files, and statuses, windows, dates
//     and amounts in the app's own words (translations);
//   - pages (Templates, Page, Viewer): html/template pages parsed with the
//     surface's layout and partials and the shared partials (csrf,
//     field-error, error-summary, pager), written through a buffer so that
//     a template error is a clean 500, never half a page;
//   - cookies (Cookies): "__Host-" names, HttpOnly and Secure, except over
//     plain http to a loopback address (the demo, tests), where browsers
//     refuse them;
//   - cross-site forgery: every POST carries a token (SessionCSRF for a
//     session, Cookies.PreLoginToken before login), checked by ValidPost
//     together with the Origin header. The standard library's
//     http.CrossOriginProtection was weighed and not taken: it lets a
//     request through when the browser sends neither Sec-Fetch-Site nor
//     Origin, and that is exactly the case a token still covers;
//   - headers (Secure): a strict CSP without inline script, no framing,
//     nosniff, no referrer, a capped POST body, and a panic logged as 500;
//   - forms (Form), lists (Pager), safe redirects (LocalPath) and the
//     client address that rate limits count (ClientIP, the API's too).
package web
