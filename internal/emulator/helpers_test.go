// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// clock is a settable time source, started at the real time so that SDK signatures
// (made with the real time) stay within the emulator's skew window.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock {
	return &clock{now: time.Now()}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness is an emulator behind an httptest server, with its clock.
type harness struct {
	emu   *emulator.Emulator
	srv   *httptest.Server
	clock *clock
	opts  emulator.Options
}

func newHarness(t *testing.T, opts emulator.Options) *harness {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &harness{emu: emu, srv: srv, clock: clk, opts: opts}
}

// httpClient dials the test server whatever the host. The SDK puts the endpoint host
// prefix "cp." in front of the configured endpoint's host for the private-connection
// operations, and cp.127.0.0.1 does not resolve.
func (h *harness) httpClient() *http.Client {
	addr := h.srv.Listener.Addr().String()
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
	}}
}

type clientConfig struct {
	accessKey, secretKey, token, region string
}

func (h *harness) defaultConfig() clientConfig {
	return clientConfig{
		accessKey: emulator.DefaultAccessKey,
		secretKey: emulator.DefaultSecretKey,
		token:     h.opts.SessionToken,
		region:    emulator.DefaultRegion,
	}
}

func (h *harness) awsConfig(cc clientConfig) aws.Config {
	return aws.Config{
		Region: cc.region,
		Credentials: credentials.NewStaticCredentialsProvider(
			cc.accessKey, cc.secretKey, cc.token),
		HTTPClient:       h.httpClient(),
		RetryMaxAttempts: 1,
	}
}

func (h *harness) client() *devopsagent.Client {
	return h.clientWith(h.defaultConfig())
}

func (h *harness) clientWith(cc clientConfig) *devopsagent.Client {
	return devopsagent.NewFromConfig(h.awsConfig(cc), func(o *devopsagent.Options) {
		o.BaseEndpoint = aws.String(h.srv.URL)
	})
}

func (h *harness) stsClient(cc clientConfig) *sts.Client {
	return sts.NewFromConfig(h.awsConfig(cc), func(o *sts.Options) {
		o.BaseEndpoint = aws.String(h.srv.URL)
	})
}

// rawRequest is a hand-built request, for inputs the SDK refuses to send.
type rawRequest struct {
	method, path, query string
	body                string
	header              map[string]string

	unsigned bool
	service  string    // signing name; aidevops when empty
	region   string    // signing region; the default region when empty
	signedAt time.Time // signing time; now when zero
	secret   string    // signing secret; the default secret when empty
}

type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

func (r rawResponse) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response body %q is not JSON: %v", r.body, err)
	}
	return m
}

// fieldPaths returns the paths of a ValidationException body's fieldList.
func (r rawResponse) fieldPaths(t *testing.T) []string {
	t.Helper()
	var body struct {
		FieldList []struct{ Path string } `json:"fieldList"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("response body %q is not JSON: %v", r.body, err)
	}
	paths := make([]string, len(body.FieldList))
	for i, f := range body.FieldList {
		paths[i] = f.Path
	}
	return paths
}

func (h *harness) do(t *testing.T, rr rawRequest) rawResponse {
	t.Helper()
	u := h.srv.URL + rr.path
	if rr.query != "" {
		u += "?" + rr.query
	}
	req, err := http.NewRequestWithContext(context.Background(), rr.method, u,
		strings.NewReader(rr.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range rr.header {
		req.Header.Set(k, v)
	}
	if !rr.unsigned {
		signRaw(t, req, rr)
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) rawResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

func ioNopCloser(s string) io.ReadCloser {
	return io.NopCloser(strings.NewReader(s))
}

func signRaw(t *testing.T, req *http.Request, rr rawRequest) {
	t.Helper()
	service, region, at, secret := rr.service, rr.region, rr.signedAt, rr.secret
	if service == "" {
		service = "aidevops"
	}
	if region == "" {
		region = emulator.DefaultRegion
	}
	if at.IsZero() {
		at = time.Now()
	}
	if secret == "" {
		secret = emulator.DefaultSecretKey
	}
	sum := sha256.Sum256([]byte(rr.body))
	creds := aws.Credentials{AccessKeyID: emulator.DefaultAccessKey, SecretAccessKey: secret}
	err := v4.NewSigner().SignHTTP(context.Background(), creds, req,
		hex.EncodeToString(sum[:]), service, region, at)
	if err != nil {
		t.Fatal(err)
	}
}

// Certificates.

type testCert struct {
	pem      string
	notAfter time.Time
}

func newCert(t *testing.T, notAfter time.Time) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	notAfter = notAfter.UTC().Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "target.internal"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     notAfter,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return testCert{pem: string(block), notAfter: notAfter}
}

func privateKeyPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// Inputs.

func serviceManaged() *types.PrivateConnectionModeMemberServiceManaged {
	return &types.PrivateConnectionModeMemberServiceManaged{Value: types.ServiceManagedInput{
		HostAddress: aws.String("db.internal.example"),
		VpcId:       aws.String("vpc-0123456789abcdef0"),
		SubnetIds:   []string{"subnet-0123456789abcdef0", "subnet-12345678"},
	}}
}

func selfManaged(id string) *types.PrivateConnectionModeMemberSelfManaged {
	return &types.PrivateConnectionModeMemberSelfManaged{Value: types.SelfManagedInput{
		ResourceConfigurationId: aws.String(id),
	}}
}

func create(t *testing.T, c *devopsagent.Client, name string,
	mode types.PrivateConnectionMode) *devopsagent.CreatePrivateConnectionOutput {
	t.Helper()
	out, err := c.CreatePrivateConnection(context.Background(),
		&devopsagent.CreatePrivateConnectionInput{Name: aws.String(name), Mode: mode})
	if err != nil {
		t.Fatalf("creating %s: %v", name, err)
	}
	return out
}

func describe(t *testing.T, c *devopsagent.Client,
	name string) (*devopsagent.DescribePrivateConnectionOutput, error) {
	t.Helper()
	return c.DescribePrivateConnection(context.Background(),
		&devopsagent.DescribePrivateConnectionInput{Name: aws.String(name)})
}

func statusOf(t *testing.T, c *devopsagent.Client, name string) types.PrivateConnectionStatus {
	t.Helper()
	out, err := describe(t, c, name)
	if err != nil {
		t.Fatalf("describing %s: %v", name, err)
	}
	return out.Status
}

func connectionARN(name string) string {
	return "arn:aws:aidevops:us-east-1:123456789012:private-connection/" + name
}

// Error assertions.

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func httpStatus(err error) int {
	var respErr interface{ HTTPStatusCode() int }
	if errors.As(err, &respErr) {
		return respErr.HTTPStatusCode()
	}
	return 0
}

func requireNotFound(t *testing.T, err error) {
	t.Helper()
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("want ResourceNotFoundException, got %v", err)
	}
}

func validationPaths(t *testing.T, err error) []string {
	t.Helper()
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Fatalf("want ValidationException, got %v", err)
	}
	paths := make([]string, len(ve.FieldList))
	for i, f := range ve.FieldList {
		paths[i] = aws.ToString(f.Path)
	}
	return paths
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func adminCall(t *testing.T, h *harness, method, path string, body any) rawResponse {
	t.Helper()
	var r io.Reader = http.NoBody
	if body != nil {
		r = bytes.NewReader([]byte(mustJSON(t, body)))
	}
	req, err := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, req)
}

// escapeLabel escapes a path label the way the SDK does: every byte but the unreserved
// ones, "/" included.
func escapeLabel(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
