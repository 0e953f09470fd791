// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	amzDateFormat  = "20060102T150405Z"
	maxClockSkew   = 15 * time.Minute
)

// authError is a rejected signature: the error name and its message.
type authError struct {
	name    string
	message string
}

func rejectAuth(name, format string, args ...any) *authError {
	return &authError{name: name, message: fmt.Sprintf(format, args...)}
}

// sigV4Header is the parsed Authorization header.
type sigV4Header struct {
	accessKey     string
	date          string
	region        string
	service       string
	terminator    string
	signedHeaders string
	signature     string
}

func parseSigV4Header(value string) (sigV4Header, *authError) {
	var h sigV4Header
	rest, ok := strings.CutPrefix(value, sigV4Algorithm+" ")
	if !ok {
		return h, rejectAuth("IncompleteSignatureException",
			"Authorization header must use the %s algorithm", sigV4Algorithm)
	}
	var credential string
	for part := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			h.signedHeaders = v
		case "Signature":
			h.signature = v
		}
	}
	for _, p := range []struct{ name, value string }{
		{"Credential", credential},
		{"SignedHeaders", h.signedHeaders},
		{"Signature", h.signature},
	} {
		if p.value == "" {
			return h, rejectAuth("IncompleteSignatureException",
				"Authorization header requires '%s' parameter", p.name)
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 {
		return h, rejectAuth("IncompleteSignatureException",
			"Credential must have the form <key>/<date>/<region>/<service>/aws4_request")
	}
	h.accessKey, h.date, h.region, h.service, h.terminator =
		scope[0], scope[1], scope[2], scope[3], scope[4]
	return h, nil
}

// authenticate checks a request's SigV4 signature against the configured credentials.
// The signature is recomputed by the SDK's own signer over a copy of the request that
// holds only the headers the client listed in SignedHeaders, so whatever the client
// signed is exactly what is checked.
func (e *Emulator) authenticate(r *http.Request, body []byte, service string,
	now time.Time) *authError {
	value := r.Header.Get("Authorization")
	if value == "" {
		return rejectAuth("MissingAuthenticationTokenException", "Missing Authentication Token")
	}
	h, err := parseSigV4Header(value)
	if err != nil {
		return err
	}

	// Key and token first: AWS answers an unknown identity before looking at the signature.
	if !equalConstantTime(h.accessKey, e.opts.AccessKey) {
		return rejectAuth("UnrecognizedClientException",
			"The security token included in the request is invalid.")
	}
	token := r.Header.Get("X-Amz-Security-Token")
	if token != "" || e.opts.SessionToken != "" {
		if !equalConstantTime(token, e.opts.SessionToken) {
			return rejectAuth("UnrecognizedClientException",
				"The security token included in the request is invalid.")
		}
	}

	amzDate := r.Header.Get("X-Amz-Date")
	signedAt, perr := time.Parse(amzDateFormat, amzDate)
	if perr != nil {
		return rejectAuth("IncompleteSignatureException",
			"Authorization header requires existence of a valid 'X-Amz-Date' header")
	}
	switch {
	case h.date != amzDate[:8]:
		return rejectAuth("InvalidSignatureException",
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "+
				"date from HTTP: '%s' != '%s'", h.date, amzDate[:8])
	case h.region != e.opts.Region:
		return rejectAuth("InvalidSignatureException",
			"Credential should be scoped to a valid region. Expected '%s'", e.opts.Region)
	case h.service != service:
		return rejectAuth("InvalidSignatureException",
			"Credential should be scoped to correct service: '%s'.", service)
	case h.terminator != "aws4_request":
		return rejectAuth("InvalidSignatureException",
			"Credential should be scoped with a valid terminator: 'aws4_request'")
	}
	if skew := now.Sub(signedAt); skew > maxClockSkew || skew < -maxClockSkew {
		return rejectAuth("InvalidSignatureException",
			"Signature expired: %s is now earlier than %s (%s - 15 min.)",
			amzDate, now.Add(-maxClockSkew).UTC().Format(amzDateFormat),
			now.UTC().Format(amzDateFormat))
	}

	want, serr := e.expectedAuthorization(r, body, h, token, service, signedAt)
	if serr != nil {
		return rejectAuth("IncompleteSignatureException", "%s", serr.Error())
	}
	wantHeader, _ := parseSigV4Header(want)
	if wantHeader.signedHeaders != h.signedHeaders ||
		!hmac.Equal([]byte(wantHeader.signature), []byte(h.signature)) {
		return rejectAuth("InvalidSignatureException",
			"The request signature we calculated does not match the signature you provided. "+
				"Check your AWS Secret Access Key and signing method.")
	}
	return nil
}

// expectedAuthorization signs a reconstruction of r and returns its Authorization value.
func (e *Emulator) expectedAuthorization(r *http.Request, body []byte, h sigV4Header,
	token, service string, signedAt time.Time) (string, error) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := &url.URL{
		Scheme:   scheme,
		Host:     r.Host,
		Path:     r.URL.Path,
		RawPath:  r.URL.RawPath,
		RawQuery: r.URL.RawQuery,
	}
	clone, err := http.NewRequestWithContext(context.Background(), r.Method, u.String(), nil)
	if err != nil {
		return "", err
	}
	clone.URL = u
	clone.Host = r.Host

	creds := aws.Credentials{AccessKeyID: e.opts.AccessKey, SecretAccessKey: e.opts.SecretKey}
	for name := range strings.SplitSeq(h.signedHeaders, ";") {
		switch name {
		case "host":
		case "content-length":
			clone.ContentLength = int64(len(body))
		case "x-amz-security-token":
			// The signer adds the token itself when the credentials carry one.
			creds.SessionToken = token
		default:
			for _, v := range r.Header.Values(name) {
				clone.Header.Add(name, v)
			}
		}
	}

	sum := sha256.Sum256(body)
	err = e.signer.SignHTTP(context.Background(), creds, clone, hex.EncodeToString(sum[:]),
		service, e.opts.Region, signedAt)
	if err != nil {
		return "", err
	}
	return clone.Header.Get("Authorization"), nil
}

func equalConstantTime(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
