// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// Malformed answer kinds accepted by InjectMalformed.
const (
	MalformedTruncatedJSON = "truncated-json"
	MalformedUnknownStatus = "unknown-status"
	MalformedEmptyBody     = "empty-body"
	MalformedHTML          = "html"
)

// MalformedKinds lists the kinds InjectMalformed accepts.
var MalformedKinds = []string{
	MalformedTruncatedJSON,
	MalformedUnknownStatus,
	MalformedEmptyBody,
	MalformedHTML,
}

// unknownStatus is a status value no SDK release knows.
const unknownStatus = "PENDING_SOMETHING"

type errorFault struct {
	name  string
	count int
}

type malformedFault struct {
	kind  string
	count int
}

// InjectError makes the next count calls of operation answer the named AWS error with
// its status and shape, without touching any connection. Names outside
// InjectableErrors are sent with status 400.
func (e *Emulator) InjectError(operation, errorName string, count int) {
	if count <= 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.errs[operation] = append(e.errs[operation], errorFault{errorName, count})
}

// InjectMalformed makes the next count calls of operation answer a broken response.
//
// "html" and "empty-body" stand for a proxy that failed before the backend acted, so
// nothing changes. "truncated-json" and "unknown-status" stand for a backend that acted
// and a response that went wrong on the way back, so the change happens; these two only
// fire on calls that succeed (an error answer passes through and the fault waits).
func (e *Emulator) InjectMalformed(operation, kind string, count int) {
	if count <= 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.bad[operation] = append(e.bad[operation], malformedFault{kind, count})
}

// SetFaultRates sets the fraction of signed API calls answered ThrottlingException and
// InternalServerException. Values are clamped to [0, 1]; when their sum exceeds 1 the
// internal-error fraction gets what is left after throttling.
func (e *Emulator) SetFaultRates(throttle, internalError float64) {
	throttle = min(max(throttle, 0), 1)
	internalError = min(max(internalError, 0), 1-throttle)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.throttle, e.internal = throttle, internalError
}

// takeFault answers the call from a pending fault, if one applies before the handler
// runs: an injected error, an html or empty-body answer, or a rate fault. Callers hold
// e.mu.
func (e *Emulator) takeFault(rt route) (reply, bool) {
	if name, ok := e.popError(rt.op); ok {
		e.stats.FaultsInjected[name]++
		return rt.fail(name, "injected "+name), true
	}
	if q := e.bad[rt.op]; len(q) > 0 {
		switch q[0].kind {
		case MalformedHTML, MalformedEmptyBody:
			kind := e.popMalformed(rt.op)
			e.stats.FaultsInjected[kind]++
			return malformedReply(kind), true
		}
	}
	if e.throttle > 0 || e.internal > 0 {
		u := e.rng.Float64()
		name := ""
		switch {
		case u < e.throttle:
			name = "ThrottlingException"
		case u < e.throttle+e.internal:
			name = "InternalServerException"
		}
		if name != "" {
			e.stats.FaultsInjected[name]++
			return rt.fail(name, "injected "+name), true
		}
	}
	return reply{}, false
}

// mangle rewrites a successful answer when a truncated-json or unknown-status fault is
// pending. Callers hold e.mu.
func (e *Emulator) mangle(rt route, rep reply) reply {
	q := e.bad[rt.op]
	if len(q) == 0 || rep.status < 200 || rep.status > 299 {
		return rep
	}
	kind := e.popMalformed(rt.op)
	e.stats.FaultsInjected[kind]++
	switch kind {
	case MalformedTruncatedJSON:
		body := rep.body
		if len(body) < 2 {
			body = []byte(`{"`)
		}
		rep.body = body[:len(body)/2]
	case MalformedUnknownStatus:
		if rep.contentType == "application/json" || len(rep.body) == 0 {
			rep.body = withUnknownStatus(rep.body)
		}
	}
	rep.status = http.StatusOK
	if rep.contentType == "" {
		rep.contentType = "application/json"
	}
	return rep
}

func (e *Emulator) popError(op string) (string, bool) {
	q := e.errs[op]
	if len(q) == 0 {
		return "", false
	}
	name := q[0].name
	if q[0].count--; q[0].count == 0 {
		e.errs[op] = q[1:]
	}
	return name, true
}

func (e *Emulator) popMalformed(op string) string {
	q := e.bad[op]
	kind := q[0].kind
	if q[0].count--; q[0].count == 0 {
		e.bad[op] = q[1:]
	}
	return kind
}

func malformedReply(kind string) reply {
	if kind == MalformedEmptyBody {
		return reply{status: http.StatusOK, contentType: "application/json"}
	}
	return reply{
		status:      http.StatusBadGateway,
		contentType: "text/html",
		body: []byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n" +
			"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"),
	}
}

// withUnknownStatus replaces every connection status in a JSON answer, top level and
// inside privateConnections, by a value the SDK does not know. An answer without a
// status gets one at the top level, which the SDK ignores.
func withUnknownStatus(body []byte) []byte {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil || doc == nil {
		doc = map[string]any{}
	}
	doc["status"] = unknownStatus
	if list, ok := doc["privateConnections"].([]any); ok {
		delete(doc, "status")
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				m["status"] = unknownStatus
			}
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}
