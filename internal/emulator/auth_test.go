// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"bytes"
	"context"
	"log"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

const createJSON = `{"name":"intruder","mode":{"selfManaged":` +
	`{"resourceConfigurationId":"rcfg-0123456789abcdefg"}}}`

// requireRejected checks that a call was refused by the signature checks and changed
// nothing.
func requireRejected(t *testing.T, h *harness, before emulator.Stats, status int, code string,
	gotCode string) {
	t.Helper()
	if status != http.StatusForbidden || gotCode != code {
		t.Errorf("got %d %q, want 403 %q", status, gotCode, code)
	}
	if n := len(h.emu.Connections()); n != 0 {
		t.Errorf("%d connections stored after a rejected call", n)
	}
	if got := h.emu.Stats().RejectedSignatures; got != before.RejectedSignatures+1 {
		t.Errorf("rejected signatures = %d, want %d", got, before.RejectedSignatures+1)
	}
}

func TestSignature_rejectedThroughSDK(t *testing.T) {
	tests := []struct {
		name string
		edit func(*clientConfig)
		code string
	}{
		{"wrong access key", func(c *clientConfig) { c.accessKey = "AKIDSOMEONEELSE00001" },
			"UnrecognizedClientException"},
		{"wrong secret", func(c *clientConfig) { c.secretKey = "guessed" },
			"InvalidSignatureException"},
		{"wrong region", func(c *clientConfig) { c.region = "eu-west-1" },
			"InvalidSignatureException"},
		{"unexpected session token", func(c *clientConfig) { c.token = "token" },
			"UnrecognizedClientException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			cc := h.defaultConfig()
			tt.edit(&cc)
			before := h.emu.Stats()
			_, err := h.clientWith(cc).CreatePrivateConnection(context.Background(),
				&devopsagent.CreatePrivateConnectionInput{
					Name: aws.String("intruder"), Mode: serviceManaged(),
				})
			requireRejected(t, h, before, httpStatus(err), tt.code, errorCode(err))
		})
	}
}

func TestSignature_rejectedRaw(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name   string
		rr     rawRequest
		tamper func(*http.Request)
		code   string
	}{
		{"unsigned", rawRequest{unsigned: true}, nil, "MissingAuthenticationTokenException"},
		{"other scheme", rawRequest{unsigned: true,
			header: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}},
			nil, "IncompleteSignatureException"},
		{"no signature part", rawRequest{unsigned: true,
			header: map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" +
				emulator.DefaultAccessKey + "/20240101/us-east-1/aidevops/aws4_request"}},
			nil, "IncompleteSignatureException"},
		{"sts scope on the API", rawRequest{service: "sts"}, nil, "InvalidSignatureException"},
		{"signed 20 minutes ago", rawRequest{signedAt: now.Add(-20 * time.Minute)}, nil,
			"InvalidSignatureException"},
		{"signed 20 minutes ahead", rawRequest{signedAt: now.Add(20 * time.Minute)}, nil,
			"InvalidSignatureException"},
		{"body changed after signing", rawRequest{}, func(r *http.Request) {
			r.Body = ioNopCloser(strings.Replace(createJSON, "intruder", "intrudes", 1))
		}, "InvalidSignatureException"},
		{"signed header changed", rawRequest{header: map[string]string{"X-Amz-Meta": "a"}},
			func(r *http.Request) { r.Header.Set("X-Amz-Meta", "b") },
			"InvalidSignatureException"},
		{"credential date differs", rawRequest{}, func(r *http.Request) {
			auth := r.Header.Get("Authorization")
			date := r.Header.Get("X-Amz-Date")[:8]
			r.Header.Set("Authorization", strings.Replace(auth, "/"+date+"/", "/19990101/", 1))
		}, "InvalidSignatureException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			before := h.emu.Stats()
			tt.rr.method, tt.rr.path, tt.rr.body = "POST", "/v1/private-connections", createJSON
			resp := h.doTampered(t, tt.rr, tt.tamper)
			requireRejected(t, h, before, resp.status, tt.code,
				resp.header.Get("X-Amzn-ErrorType"))
			if msg, _ := resp.json(t)["message"].(string); msg == "" {
				t.Error("no message")
			}
		})
	}
}

func TestSignature_acceptsUnsignedExtraHeader(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	resp := h.doTampered(t, rawRequest{method: "POST", path: "/v1/private-connections",
		body: createJSON}, func(r *http.Request) { r.Header.Set("X-Forwarded-For", "10.0.0.9") })
	if resp.status != 200 {
		t.Errorf("got %d %s", resp.status, resp.body)
	}
}

func TestSignature_clockSkewUsesEmulatorClock(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	ctx := context.Background()
	list := func() error {
		_, err := c.ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})
		return err
	}
	h.clock.Step(14 * time.Minute)
	if err := list(); err != nil {
		t.Fatalf("14 minutes of skew refused: %v", err)
	}
	h.clock.Step(2 * time.Minute)
	if err := list(); errorCode(err) != "InvalidSignatureException" {
		t.Fatalf("16 minutes of skew: got %v", err)
	}
}

func TestSignature_sessionToken(t *testing.T) {
	h := newHarness(t, emulator.Options{SessionToken: "session-abc"})
	tests := []struct {
		token string
		code  string
	}{
		{"session-abc", ""},
		{"", "UnrecognizedClientException"},
		{"session-xyz", "UnrecognizedClientException"},
	}
	for _, tt := range tests {
		t.Run("token="+tt.token, func(t *testing.T) {
			cc := h.defaultConfig()
			cc.token = tt.token
			_, err := h.clientWith(cc).ListPrivateConnections(context.Background(),
				&devopsagent.ListPrivateConnectionsInput{})
			if got := errorCode(err); got != tt.code {
				t.Errorf("code = %q, want %q (%v)", got, tt.code, err)
			}
		})
	}
}

func TestSignature_customCredentialsAndRegion(t *testing.T) {
	h := newHarness(t, emulator.Options{
		AccessKey: "AKIDCUSTOM", SecretKey: "s3cr3t", Region: "eu-central-1",
	})
	cc := clientConfig{accessKey: "AKIDCUSTOM", secretKey: "s3cr3t", region: "eu-central-1"}
	out, err := h.clientWith(cc).CreatePrivateConnection(context.Background(),
		&devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("eu-one"), Mode: serviceManaged(),
		})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aws.ToString(out.ResourceGatewayId),
		"arn:aws:vpc-lattice:eu-central-1:123456789012:resourcegateway/rgw-") {
		t.Errorf("resourceGatewayId = %q", aws.ToString(out.ResourceGatewayId))
	}
	// The default credentials are not accepted by an emulator configured with others.
	_, err = h.client().ListPrivateConnections(context.Background(),
		&devopsagent.ListPrivateConnectionsInput{})
	if errorCode(err) != "UnrecognizedClientException" {
		t.Errorf("default key: %v", err)
	}
}

func TestLogger_noSecrets(t *testing.T) {
	var buf bytes.Buffer
	h := newHarness(t, emulator.Options{
		SessionToken: "token-value-xyz", Logger: log.New(&buf, "", 0),
	})
	cc := h.defaultConfig()
	ctx := context.Background()
	_, err := h.clientWith(cc).CreatePrivateConnection(ctx,
		&devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("logged"), Mode: serviceManaged(),
			Tags: map[string]string{"body-marker": "tag-value-marker"},
		})
	if err != nil {
		t.Fatal(err)
	}
	cc.secretKey = "wrong-secret-value"
	_, _ = h.clientWith(cc).ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})

	out := buf.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 ||
		lines[0] != "POST /v1/private-connections CreatePrivateConnection 200" ||
		lines[1] != "GET /v1/private-connections ListPrivateConnections 403" {
		t.Errorf("log = %q", out)
	}
	for _, secret := range []string{
		emulator.DefaultSecretKey, "wrong-secret-value", "token-value-xyz", "Signature",
		"tag-value-marker", emulator.DefaultAccessKey,
	} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
}

// doTampered signs rr, lets tamper change the signed request, then sends it.
func (h *harness) doTampered(t *testing.T, rr rawRequest, tamper func(*http.Request)) rawResponse {
	t.Helper()
	if tamper == nil {
		return h.do(t, rr)
	}
	req, err := http.NewRequestWithContext(context.Background(), rr.method, h.srv.URL+rr.path,
		strings.NewReader(rr.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range rr.header {
		req.Header.Set(k, v)
	}
	signRaw(t, req, rr)
	tamper(req)
	return send(t, req)
}
