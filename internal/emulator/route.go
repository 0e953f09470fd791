// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Signing names: the API paths are signed for aidevops, the STS endpoint at / for sts.
const (
	serviceAPI = "aidevops"
	serviceSTS = "sts"
)

// route is what a request's method and path resolve to.
type route struct {
	op      string // SDK operation name; empty when unmatched
	service string // SigV4 signing name expected in the credential scope
	sts     bool   // errors go out in STS's XML shape
	reqID   string // the request id, which STS also puts in its bodies
	name    string // the {name} label, unescaped
	arn     string // the {resourceArn} label, unescaped

	// unmatched is the answer for an unknown path, a wrong method or an unknown STS
	// action. It is sent only after the signature checks out.
	unmatched *reply
}

func (rt route) statsName() string {
	if rt.op == "" {
		return "UnknownOperation"
	}
	return rt.op
}

// fail renders an error in the shape the route's protocol uses.
func (rt route) fail(name, message string) reply {
	if rt.sts {
		return stsError(name, message, rt.reqID)
	}
	return jsonError(name, message)
}

// resolveRoute maps a request onto an operation. It works on the escaped path because
// the SDK escapes the resource ARN into a single segment ("/" becomes %2F), so splitting
// the unescaped path would cut the ARN in two.
func resolveRoute(method, escapedPath string, body []byte, requestID string) route {
	rt := route{service: serviceAPI, reqID: requestID}
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	label := func(i int) (string, bool) {
		s, err := url.PathUnescape(segs[i])
		return s, err == nil && s != ""
	}

	methods := map[string]string{}
	switch {
	case escapedPath == "/":
		rt.service, rt.sts = serviceSTS, true
		methods[http.MethodPost] = OpGetCallerIdentity
	case len(segs) == 2 && segs[0] == "v1" && segs[1] == "private-connections":
		methods[http.MethodGet] = OpListPrivateConnections
		methods[http.MethodPost] = OpCreatePrivateConnection
	case len(segs) == 3 && segs[0] == "v1" && segs[1] == "private-connections":
		name, ok := label(2)
		if !ok {
			break
		}
		rt.name = name
		methods[http.MethodGet] = OpDescribePrivateConnection
		methods[http.MethodDelete] = OpDeletePrivateConnection
	case len(segs) == 4 && segs[0] == "v1" && segs[1] == "private-connections" &&
		segs[3] == "certificate":
		name, ok := label(2)
		if !ok {
			break
		}
		rt.name = name
		methods[http.MethodPost] = OpUpdatePrivateConnectionCertificate
	case len(segs) == 2 && segs[0] == "tags":
		arn, ok := label(1)
		if !ok {
			break
		}
		rt.arn = arn
		methods[http.MethodPost] = OpTagResource
		methods[http.MethodDelete] = OpUntagResource
		methods[http.MethodGet] = OpListTagsForResource
	}

	if len(methods) == 0 {
		rep := jsonError("UnknownOperationException",
			fmt.Sprintf("no operation matches %s %s", method, escapedPath))
		rt.unmatched = &rep
		return rt
	}
	op, ok := methods[method]
	if !ok {
		allowed := make([]string, 0, len(methods))
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			if _, ok := methods[m]; ok {
				allowed = append(allowed, m)
			}
		}
		rep := jsonError("UnknownOperationException",
			fmt.Sprintf("method %s is not allowed on %s", method, escapedPath))
		rep.status = http.StatusMethodNotAllowed
		rep.allow = strings.Join(allowed, ", ")
		rt.unmatched = &rep
		return rt
	}
	rt.op = op

	// STS is a query protocol: the action travels in the form body, not the path.
	if rt.sts {
		form, err := url.ParseQuery(string(body))
		action := form.Get("Action")
		if err != nil || action != OpGetCallerIdentity {
			rt.op = ""
			rep := stsError("InvalidAction",
				fmt.Sprintf("Could not find operation %q for version 2011-06-15", action),
				requestID)
			rt.unmatched = &rep
		}
	}
	return rt
}
