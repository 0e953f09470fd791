// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// adminPrefix starts every admin path. Admin requests are not signed.
const adminPrefix = "/_emulator"

func isAdminPath(p string) bool {
	return p == adminPrefix || strings.HasPrefix(p, adminPrefix+"/")
}

// serveAdmin answers an admin request and returns the status it sent.
func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) int {
	e.mu.Lock()
	requestID := e.requestID()
	e.mu.Unlock()

	var rep reply
	if e.opts.Admin {
		rep = e.admin(r)
	} else {
		rep = jsonError("UnknownOperationException",
			fmt.Sprintf("no operation matches %s %s", r.Method, r.URL.EscapedPath()))
	}
	rep.write(w, requestID)
	return rep.status
}

func adminError(status int, format string, args ...any) reply {
	return jsonReply(status, map[string]string{"message": fmt.Sprintf(format, args...)})
}

func methodNotAllowed(allowed string) reply {
	rep := adminError(http.StatusMethodNotAllowed, "method not allowed; use %s", allowed)
	rep.allow = allowed
	return rep
}

// decodeAdmin reads a JSON admin body into v, refusing unknown fields so that a typo
// is a 400 rather than a silent no-op.
func decodeAdmin(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON body: %v", err)
	}
	return nil
}

func (e *Emulator) admin(r *http.Request) reply {
	p := strings.TrimPrefix(r.URL.EscapedPath(), adminPrefix)
	if name, ok := strings.CutPrefix(p, "/private-connections/"); ok {
		unescaped, err := url.PathUnescape(name)
		if err != nil || unescaped == "" || strings.Contains(name, "/") {
			return adminError(http.StatusNotFound, "no admin path %s", r.URL.EscapedPath())
		}
		return e.adminConnection(r, unescaped)
	}

	route := map[string]struct {
		method string
		handle func(*http.Request) reply
	}{
		"/stats":               {http.MethodGet, e.adminStats},
		"/private-connections": {http.MethodGet, e.adminConnections},
		"/faults":              {http.MethodPost, e.adminFaults},
		"/fault-rates":         {http.MethodPost, e.adminFaultRates},
		"/fail-next":           {http.MethodPost, e.adminFailNext},
		"/reset":               {http.MethodPost, e.adminReset},
	}
	h, ok := route[p]
	if !ok {
		return adminError(http.StatusNotFound, "no admin path %s", r.URL.EscapedPath())
	}
	if r.Method != h.method {
		return methodNotAllowed(h.method)
	}
	return h.handle(r)
}

func (e *Emulator) adminStats(*http.Request) reply {
	return jsonReply(http.StatusOK, e.Stats())
}

func (e *Emulator) adminConnections(*http.Request) reply {
	return jsonReply(http.StatusOK, e.Connections())
}

func (e *Emulator) adminReset(*http.Request) reply {
	e.Reset()
	return jsonReply(http.StatusOK, map[string]any{})
}

func (e *Emulator) adminConnection(r *http.Request, name string) reply {
	switch r.Method {
	case http.MethodDelete:
		if !e.RemoveConnection(name) {
			return adminError(http.StatusNotFound, "private connection %q not found", name)
		}
		return jsonReply(http.StatusOK, map[string]any{"name": name, "removed": true})
	case http.MethodPatch:
		var in struct {
			Status *string            `json:"status"`
			Tags   *map[string]string `json:"tags"`
		}
		if err := decodeAdmin(r, &in); err != nil {
			return adminError(http.StatusBadRequest, "%v", err)
		}
		if in.Status == nil && in.Tags == nil {
			return adminError(http.StatusBadRequest, "give status, tags or both")
		}
		if in.Status != nil && !slices.Contains(Statuses, *in.Status) {
			return adminError(http.StatusBadRequest, "unknown status %q; want one of %s",
				*in.Status, strings.Join(Statuses, ", "))
		}
		if _, ok := e.Connection(name); !ok {
			return adminError(http.StatusNotFound, "private connection %q not found", name)
		}
		if in.Status != nil {
			if err := e.SetStatus(name, *in.Status); err != nil {
				return adminFailure(err)
			}
		}
		if in.Tags != nil {
			if err := e.SetTags(name, *in.Tags); err != nil {
				return adminFailure(err)
			}
		}
		conn, ok := e.Connection(name)
		if !ok {
			return adminError(http.StatusNotFound, "private connection %q not found", name)
		}
		return jsonReply(http.StatusOK, conn)
	default:
		return methodNotAllowed("DELETE, PATCH")
	}
}

func adminFailure(err error) reply {
	if errors.Is(err, errNotFound) {
		return adminError(http.StatusNotFound, "%v", err)
	}
	return adminError(http.StatusBadRequest, "%v", err)
}

func (e *Emulator) adminFaults(r *http.Request) reply {
	var in struct {
		Operation string `json:"operation"`
		Error     string `json:"error,omitempty"`
		Malformed string `json:"malformed,omitempty"`
		Count     *int   `json:"count,omitempty"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminError(http.StatusBadRequest, "%v", err)
	}
	if !slices.Contains(Operations, in.Operation) {
		return adminError(http.StatusBadRequest, "unknown operation %q; want one of %s",
			in.Operation, strings.Join(Operations, ", "))
	}
	if (in.Error == "") == (in.Malformed == "") {
		return adminError(http.StatusBadRequest, "give exactly one of error or malformed")
	}
	if in.Count == nil {
		one := 1
		in.Count = &one
	}
	if *in.Count < 1 {
		return adminError(http.StatusBadRequest, "count must be at least 1")
	}
	switch {
	case in.Error != "":
		if !slices.Contains(InjectableErrors, in.Error) {
			return adminError(http.StatusBadRequest, "unknown error %q; want one of %s",
				in.Error, strings.Join(InjectableErrors, ", "))
		}
		e.InjectError(in.Operation, in.Error, *in.Count)
	default:
		if !slices.Contains(MalformedKinds, in.Malformed) {
			return adminError(http.StatusBadRequest, "unknown malformed kind %q; want one of %s",
				in.Malformed, strings.Join(MalformedKinds, ", "))
		}
		e.InjectMalformed(in.Operation, in.Malformed, *in.Count)
	}
	return jsonReply(http.StatusOK, in)
}

func (e *Emulator) adminFaultRates(r *http.Request) reply {
	var in struct {
		Throttle      float64 `json:"throttle"`
		InternalError float64 `json:"internalError"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminError(http.StatusBadRequest, "%v", err)
	}
	for _, v := range []float64{in.Throttle, in.InternalError} {
		if v < 0 || v > 1 {
			return adminError(http.StatusBadRequest, "rates must be between 0 and 1")
		}
	}
	if in.Throttle+in.InternalError > 1 {
		return adminError(http.StatusBadRequest, "throttle and internalError add up to more than 1")
	}
	e.SetFaultRates(in.Throttle, in.InternalError)
	return jsonReply(http.StatusOK, in)
}

func (e *Emulator) adminFailNext(r *http.Request) reply {
	var in struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	}
	if err := decodeAdmin(r, &in); err != nil {
		return adminError(http.StatusBadRequest, "%v", err)
	}
	c := &checker{}
	c.name(in.Name)
	if c.failed() {
		return adminError(http.StatusBadRequest, "invalid name %q: %s", in.Name,
			c.fields[0].Message)
	}
	switch in.Status {
	case StatusCreateFailed:
		e.FailNextCreate(in.Name)
	case StatusDeleteFailed:
		e.FailNextDelete(in.Name)
	default:
		return adminError(http.StatusBadRequest, "status must be %s or %s",
			StatusCreateFailed, StatusDeleteFailed)
	}
	return jsonReply(http.StatusOK, in)
}
