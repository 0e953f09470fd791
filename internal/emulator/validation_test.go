// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// createBody is a valid CreatePrivateConnection body that a test case then breaks.
func createBody(mode string) map[string]any {
	body := map[string]any{"name": "valid-name"}
	switch mode {
	case "self":
		body["mode"] = map[string]any{"selfManaged": map[string]any{
			"resourceConfigurationId": "rcfg-0123456789abcdefg",
		}}
	default:
		body["mode"] = map[string]any{"serviceManaged": map[string]any{
			"hostAddress": "10.0.0.1",
			"vpcId":       "vpc-12345678",
			"subnetIds":   []any{"subnet-12345678"},
		}}
	}
	return body
}

// object returns the object at key; a test body without it is a broken test.
func object(m map[string]any, key string) map[string]any {
	v, ok := m[key].(map[string]any)
	if !ok {
		panic("test body has no object at " + key)
	}
	return v
}

func service(body map[string]any) map[string]any {
	return object(object(body, "mode"), "serviceManaged")
}

func self(body map[string]any) map[string]any {
	return object(object(body, "mode"), "selfManaged")
}

func repeat(s string, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestCreate_validation(t *testing.T) {
	const sm = "/mode/serviceManaged"
	cert := newCert(t, time.Now().Add(24*time.Hour))
	tests := []struct {
		name  string
		mode  string
		edit  func(b map[string]any)
		paths []string // nil: the body is valid
	}{
		{"valid service-managed", "", func(map[string]any) {}, nil},
		{"valid self-managed", "self", func(map[string]any) {}, nil},

		{"name missing", "", func(b map[string]any) { delete(b, "name") }, []string{"/name"}},
		{"name null", "", func(b map[string]any) { b["name"] = nil }, []string{"/name"}},
		{"name not a string", "", func(b map[string]any) { b["name"] = 42 }, []string{"/name"}},
		{"name too short", "", func(b map[string]any) { b["name"] = "ab" }, []string{"/name"}},
		{"name shortest", "", func(b map[string]any) { b["name"] = "abc" }, nil},
		{"name longest", "", func(b map[string]any) { b["name"] = strings.Repeat("a", 30) }, nil},
		{"name too long", "", func(b map[string]any) { b["name"] = strings.Repeat("a", 31) },
			[]string{"/name"}},
		{"name upper case", "", func(b map[string]any) { b["name"] = "Orders" }, []string{"/name"}},
		{"name leading hyphen", "", func(b map[string]any) { b["name"] = "-orders" },
			[]string{"/name"}},
		{"name trailing hyphen", "", func(b map[string]any) { b["name"] = "orders-" },
			[]string{"/name"}},
		{"name short and bad", "", func(b map[string]any) { b["name"] = "A" },
			[]string{"/name", "/name"}},

		{"tags unicode ok", "", func(b map[string]any) {
			b["tags"] = map[string]any{"Équipe Ω 1": "naïve café ٣", "a/b:c=d+e-f@g_h.": ""}
		}, nil},
		{"tag key 128 runes", "", func(b map[string]any) {
			b["tags"] = map[string]any{strings.Repeat("é", 128): "v"}
		}, nil},
		{"tag key 129 runes", "", func(b map[string]any) {
			b["tags"] = map[string]any{strings.Repeat("é", 129): "v"}
		}, []string{"/tags/" + strings.Repeat("é", 129)}},
		{"tag key empty", "", func(b map[string]any) { b["tags"] = map[string]any{"": "v"} },
			[]string{"/tags/"}},
		{"tag key bad character", "", func(b map[string]any) {
			b["tags"] = map[string]any{"a/b#": "v"}
		}, []string{"/tags/a~1b#"}},
		{"tag value 256 runes", "", func(b map[string]any) {
			b["tags"] = map[string]any{"k": strings.Repeat("日", 256)}
		}, nil},
		{"tag value 257 runes", "", func(b map[string]any) {
			b["tags"] = map[string]any{"k": strings.Repeat("日", 257)}
		}, []string{"/tags/k"}},
		{"tag value bad character", "", func(b map[string]any) {
			b["tags"] = map[string]any{"k": "v!"}
		}, []string{"/tags/k"}},
		{"tag value not a string", "", func(b map[string]any) {
			b["tags"] = map[string]any{"k": 1}
		}, []string{"/tags/k"}},
		{"tags not an object", "", func(b map[string]any) { b["tags"] = []any{"k"} },
			[]string{"/tags"}},

		{"mode missing", "", func(b map[string]any) { delete(b, "mode") }, []string{"/mode"}},
		{"mode empty", "", func(b map[string]any) { b["mode"] = map[string]any{} },
			[]string{"/mode"}},
		{"mode both", "", func(b map[string]any) {
			object(b, "mode")["selfManaged"] = self(createBody("self"))
		}, []string{"/mode"}},
		{"mode unknown member", "", func(b map[string]any) {
			b["mode"] = map[string]any{"managedByMagic": map[string]any{}}
		}, []string{"/mode"}},
		{"mode null member ignored", "", func(b map[string]any) {
			object(b, "mode")["selfManaged"] = nil
		}, nil},
		{"mode not an object", "", func(b map[string]any) { b["mode"] = "serviceManaged" },
			[]string{"/mode"}},

		{"hostAddress missing", "", func(b map[string]any) { delete(service(b), "hostAddress") },
			[]string{sm + "/hostAddress"}},
		{"hostAddress too short", "", func(b map[string]any) { service(b)["hostAddress"] = "ab" },
			[]string{sm + "/hostAddress"}},
		{"hostAddress too long", "", func(b map[string]any) {
			service(b)["hostAddress"] = strings.Repeat("a", 256)
		}, []string{sm + "/hostAddress"}},
		{"hostAddress bad character", "", func(b map[string]any) {
			service(b)["hostAddress"] = "db internal"
		}, []string{sm + "/hostAddress"}},
		{"hostAddress ipv6", "", func(b map[string]any) { service(b)["hostAddress"] = "fd00::1" },
			nil},

		{"vpcId missing", "", func(b map[string]any) { delete(service(b), "vpcId") },
			[]string{sm + "/vpcId"}},
		{"vpcId seventeen", "", func(b map[string]any) {
			service(b)["vpcId"] = "vpc-0123456789abcdef0"
		}, nil},
		{"vpcId nine", "", func(b map[string]any) { service(b)["vpcId"] = "vpc-123456789" },
			[]string{sm + "/vpcId"}},
		{"vpcId upper case", "", func(b map[string]any) { service(b)["vpcId"] = "vpc-ABCDEF12" },
			[]string{sm + "/vpcId"}},
		{"vpcId short and bad", "", func(b map[string]any) { service(b)["vpcId"] = "vpc" },
			[]string{sm + "/vpcId", sm + "/vpcId"}},

		{"subnetIds missing", "", func(b map[string]any) { delete(service(b), "subnetIds") },
			[]string{sm + "/subnetIds"}},
		{"subnetIds empty", "", func(b map[string]any) { service(b)["subnetIds"] = []any{} },
			[]string{sm + "/subnetIds"}},
		{"subnetIds twenty", "", func(b map[string]any) {
			service(b)["subnetIds"] = repeat("subnet-12345678", 20)
		}, nil},
		{"subnetIds twenty-one", "", func(b map[string]any) {
			service(b)["subnetIds"] = repeat("subnet-12345678", 21)
		}, []string{sm + "/subnetIds"}},
		{"subnetId short", "", func(b map[string]any) {
			service(b)["subnetIds"] = []any{"subnet-12345678", "subnet-123"}
		}, []string{sm + "/subnetIds/1", sm + "/subnetIds/1"}},
		{"subnetId pattern", "", func(b map[string]any) {
			service(b)["subnetIds"] = []any{"subnet-ABCDEFGH"}
		}, []string{sm + "/subnetIds/0"}},
		{"subnetId null", "", func(b map[string]any) { service(b)["subnetIds"] = []any{nil} },
			[]string{sm + "/subnetIds/0"}},

		{"securityGroupIds ok", "", func(b map[string]any) {
			service(b)["securityGroupIds"] = []any{"sg-12345678", "sg-0123456789abcdef0"}
		}, nil},
		{"securityGroupId bad", "", func(b map[string]any) {
			service(b)["securityGroupIds"] = []any{"sg-12345678", "sg-1234567", "sg-ABCDEFGH"}
		}, []string{sm + "/securityGroupIds/1", sm + "/securityGroupIds/2"}},

		{"ipAddressType ok", "", func(b map[string]any) { service(b)["ipAddressType"] = "IPV6" },
			nil},
		{"ipAddressType bad", "", func(b map[string]any) { service(b)["ipAddressType"] = "ipv4" },
			[]string{sm + "/ipAddressType"}},

		{"ipv4AddressesPerEni bounds ok", "", func(b map[string]any) {
			service(b)["ipv4AddressesPerEni"] = 62
		}, nil},
		{"ipv4AddressesPerEni zero", "", func(b map[string]any) {
			service(b)["ipv4AddressesPerEni"] = 0
		}, []string{sm + "/ipv4AddressesPerEni"}},
		{"ipv4AddressesPerEni 63", "", func(b map[string]any) {
			service(b)["ipv4AddressesPerEni"] = 63
		}, []string{sm + "/ipv4AddressesPerEni"}},
		{"ipv4AddressesPerEni fraction", "", func(b map[string]any) {
			service(b)["ipv4AddressesPerEni"] = 1.5
		}, []string{sm + "/ipv4AddressesPerEni"}},
		{"ipv4AddressesPerEni string", "", func(b map[string]any) {
			service(b)["ipv4AddressesPerEni"] = "4"
		}, []string{sm + "/ipv4AddressesPerEni"}},

		{"portRanges ok", "", func(b map[string]any) {
			service(b)["portRanges"] = []any{"1", "443", "80-80", "1-65535", "65535"}
		}, nil},
		{"portRanges empty", "", func(b map[string]any) { service(b)["portRanges"] = []any{} },
			[]string{sm + "/portRanges"}},
		{"portRanges eleven", "", func(b map[string]any) {
			service(b)["portRanges"] = repeat("443", 11)
		}, nil},
		{"portRanges twelve", "", func(b map[string]any) {
			service(b)["portRanges"] = repeat("443", 12)
		}, []string{sm + "/portRanges"}},
		{"portRanges bad items", "", func(b map[string]any) {
			service(b)["portRanges"] = []any{
				"0", "65536", "0443", "80-79", " 443", "443-", "1-065535", "100000", "8000 - 8100",
				"http",
			}
		}, []string{
			sm + "/portRanges/0", sm + "/portRanges/1", sm + "/portRanges/2",
			sm + "/portRanges/3", sm + "/portRanges/4", sm + "/portRanges/5",
			sm + "/portRanges/6", sm + "/portRanges/7", sm + "/portRanges/8",
			sm + "/portRanges/9",
		}},
		{"portRange both ends bad", "", func(b map[string]any) {
			service(b)["portRanges"] = []any{"99999-70000"}
		}, []string{sm + "/portRanges/0", sm + "/portRanges/0"}},

		{"certificate ok", "", func(b map[string]any) { service(b)["certificate"] = cert.pem },
			nil},
		{"certificate empty", "", func(b map[string]any) { service(b)["certificate"] = "" },
			[]string{sm + "/certificate"}},
		{"certificate junk", "", func(b map[string]any) { service(b)["certificate"] = "junk" },
			[]string{sm + "/certificate"}},

		{"resourceConfigurationId missing", "self", func(b map[string]any) {
			delete(self(b), "resourceConfigurationId")
		}, []string{"/mode/selfManaged/resourceConfigurationId"}},
		{"resourceConfigurationId arn ok", "self", func(b map[string]any) {
			self(b)["resourceConfigurationId"] = "arn:aws-us-gov:vpc-lattice:us-gov-west-1:" +
				"123456789012:resourceconfiguration/rcfg-0123456789abcdefg"
		}, nil},
		{"resourceConfigurationId short and bad", "self", func(b map[string]any) {
			self(b)["resourceConfigurationId"] = "rcfg-123"
		}, []string{
			"/mode/selfManaged/resourceConfigurationId",
			"/mode/selfManaged/resourceConfigurationId",
		}},
		{"resourceConfigurationId other service", "self", func(b map[string]any) {
			self(b)["resourceConfigurationId"] = "arn:aws:ec2:us-east-1:123456789012:" +
				"resourceconfiguration/rcfg-0123456789abcdefg"
		}, []string{"/mode/selfManaged/resourceConfigurationId"}},
		{"resourceConfigurationId too long", "self", func(b map[string]any) {
			self(b)["resourceConfigurationId"] = strings.Repeat("r", 2049)
		}, []string{
			"/mode/selfManaged/resourceConfigurationId",
			"/mode/selfManaged/resourceConfigurationId",
		}},
		{"self certificate bad", "self", func(b map[string]any) {
			self(b)["certificate"] = privateKeyPEM(t)
		}, []string{"/mode/selfManaged/certificate"}},

		{"every failure collected", "", func(b map[string]any) {
			b["name"] = "Bad_Name"
			b["tags"] = map[string]any{"k": "v!"}
			service(b)["vpcId"] = "vpc-1"
			service(b)["subnetIds"] = []any{"subnet-ABCDEFGH"}
			service(b)["portRanges"] = []any{"0"}
		}, []string{
			"/name", "/tags/k", sm + "/vpcId", sm + "/subnetIds/0", sm + "/portRanges/0",
		}},
	}

	h := newHarness(t, emulator.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := createBody(tt.mode)
			tt.edit(body)
			before := h.emu.Stats().ValidationErrors
			resp := h.do(t, rawRequest{
				method: "POST", path: "/v1/private-connections", body: mustJSON(t, body),
			})
			if tt.paths == nil {
				if resp.status != 200 {
					t.Fatalf("valid body refused: %d %s", resp.status, resp.body)
				}
				h.emu.RemoveConnection("valid-name")
				h.emu.RemoveConnection("abc")
				h.emu.RemoveConnection(strings.Repeat("a", 30))
				return
			}
			if resp.status != 400 || resp.header.Get("X-Amzn-ErrorType") != "ValidationException" {
				t.Fatalf("got %d %s %s", resp.status, resp.header.Get("X-Amzn-ErrorType"),
					resp.body)
			}
			if got := resp.fieldPaths(t); !slices.Equal(got, tt.paths) {
				t.Errorf("paths = %q, want %q\nbody: %s", got, tt.paths, resp.body)
			}
			if msg, _ := resp.json(t)["message"].(string); !strings.Contains(msg, "validation") {
				t.Errorf("message = %q", msg)
			}
			if got := h.emu.Stats().ValidationErrors; got != before+1 {
				t.Errorf("validation errors = %d, want %d", got, before+1)
			}
			if n := len(h.emu.Connections()); n != 0 {
				t.Errorf("%d connections stored after a refused create", n)
			}
		})
	}
}

// TestCreate_validationThroughSDK checks that the SDK surfaces the emulator's field
// list as a typed ValidationException.
func TestCreate_validationThroughSDK(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	mode := serviceManaged()
	mode.Value.VpcId = aws.String("vpc-nope")
	mode.Value.SubnetIds = []string{}
	mode.Value.Ipv4AddressesPerEni = aws.Int32(99)
	_, err := h.client().CreatePrivateConnection(context.Background(),
		&devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("x"), Mode: mode, Tags: map[string]string{"ok": "fine"},
		})
	want := []string{
		"/name", "/mode/serviceManaged/vpcId", "/mode/serviceManaged/subnetIds",
		"/mode/serviceManaged/ipv4AddressesPerEni",
	}
	if got := validationPaths(t, err); !slices.Equal(got, want) {
		t.Errorf("paths = %v, want %v", got, want)
	}
	if httpStatus(err) != 400 {
		t.Errorf("status = %d", httpStatus(err))
	}
}

func TestCreate_badJSON(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	for _, body := range []string{`{"name":`, `[]`, `"name"`, `{"name":"abc"} {}`, `nul`} {
		t.Run(body, func(t *testing.T) {
			resp := h.do(t, rawRequest{method: "POST", path: "/v1/private-connections", body: body})
			if resp.status != 400 || resp.header.Get("X-Amzn-ErrorType") != "ValidationException" {
				t.Errorf("got %d %s", resp.status, resp.body)
			}
			if msg, _ := resp.json(t)["message"].(string); !strings.Contains(msg, "JSON") {
				t.Errorf("message = %q", msg)
			}
		})
	}
}

func TestPathName_validation(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	bad := []string{"Bad_Name", "ab", escapeLabel("a/b/c"), strings.Repeat("a", 31)}
	for _, name := range bad {
		for _, rr := range []rawRequest{
			{method: "GET", path: "/v1/private-connections/" + name},
			{method: "DELETE", path: "/v1/private-connections/" + name},
			{method: "POST", path: "/v1/private-connections/" + name + "/certificate",
				body: mustJSON(t, map[string]string{"certificate": newCert(t, time.Now()).pem})},
		} {
			t.Run(rr.method+" "+rr.path, func(t *testing.T) {
				resp := h.do(t, rr)
				if resp.status != 400 {
					t.Fatalf("got %d %s", resp.status, resp.body)
				}
				paths := resp.fieldPaths(t)
				if len(paths) == 0 || paths[0] != "/name" {
					t.Errorf("paths = %v", paths)
				}
			})
		}
	}
}

func TestCertificate_validation(t *testing.T) {
	a := newCert(t, time.Now().Add(time.Hour))
	b := newCert(t, time.Now().Add(2*time.Hour))
	key := privateKeyPEM(t)
	withHeader := strings.Replace(a.pem, "-----BEGIN CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n", 1)
	garbled := "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
	brokenFirst := "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n" + b.pem
	padded := a.pem + strings.Repeat("\n", 32769-len(a.pem))

	tests := []struct {
		name  string
		pem   string
		valid bool
	}{
		{"single", a.pem, true},
		{"chain", a.pem + b.pem, true},
		{"surrounding whitespace", "\n  " + a.pem + "\n\n", true},
		{"empty", "", false},
		{"leading text", "issuer: corp\n" + a.pem, false},
		{"trailing text", a.pem + "bye", false},
		{"text between", a.pem + "and\n" + b.pem, false},
		{"private key", key, false},
		{"certificate then key", a.pem + key, false},
		{"pem headers", withHeader, false},
		{"not a certificate inside", garbled, false},
		{"broken first block", brokenFirst, false},
		{"unterminated", strings.TrimSuffix(a.pem, "-----END CERTIFICATE-----\n"), false},
		{"too long", padded, false},
	}

	h := newHarness(t, emulator.Options{})
	c := h.client()
	create(t, c, "certs", selfManaged("rcfg-0123456789abcdefg"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.UpdatePrivateConnectionCertificate(context.Background(),
				&devopsagent.UpdatePrivateConnectionCertificateInput{
					Name: aws.String("certs"), Certificate: aws.String(tt.pem),
				})
			if tt.valid {
				if err != nil {
					t.Fatalf("valid certificate refused: %v", err)
				}
				return
			}
			if paths := validationPaths(t, err); !slices.Equal(paths, []string{"/certificate"}) {
				t.Errorf("paths = %v", paths)
			}
		})
	}

	// A missing certificate member is refused by the service as well as by the SDK.
	resp := h.do(t, rawRequest{method: "POST", path: "/v1/private-connections/certs/certificate",
		body: `{}`})
	if got := resp.fieldPaths(t); !slices.Equal(got, []string{"/certificate"}) {
		t.Errorf("missing certificate: %d %v", resp.status, got)
	}
}

func TestTagCalls_validation(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	create(t, c, "tagme", serviceManaged())
	arnPath := "/tags/" + escapeLabel(connectionARN("tagme"))

	tests := []struct {
		name  string
		rr    rawRequest
		paths []string
	}{
		{"tags missing", rawRequest{method: "POST", path: arnPath, body: `{}`},
			[]string{"/tags"}},
		{"tag key too long", rawRequest{method: "POST", path: arnPath,
			body: mustJSON(t, map[string]any{"tags": map[string]string{
				strings.Repeat("k", 129): "v",
			}})}, []string{"/tags/" + strings.Repeat("k", 129)}},
		{"tag value bad", rawRequest{method: "POST", path: arnPath,
			body: `{"tags":{"a":"<b>"}}`}, []string{"/tags/a"}},
		{"untag keys missing", rawRequest{method: "DELETE", path: arnPath},
			[]string{"/tagKeys"}},
		// SigV4 signing puts the query in canonical order, so the empty key comes first.
		{"untag keys bad", rawRequest{method: "DELETE", path: arnPath,
			query: "tagKeys=ok&tagKeys=&tagKeys=" + strings.Repeat("x", 129)},
			[]string{"/tagKeys/0", "/tagKeys/2"}},
		{"bad arn and bad tags", rawRequest{method: "POST", path: "/tags/nope",
			body: `{"tags":{"a":"<b>"}}`}, []string{"/resourceArn", "/tags/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.do(t, tt.rr)
			if resp.status != 400 {
				t.Fatalf("got %d %s", resp.status, resp.body)
			}
			if got := resp.fieldPaths(t); !slices.Equal(got, tt.paths) {
				t.Errorf("paths = %q, want %q", got, tt.paths)
			}
		})
	}
	if stored, _ := h.emu.Connection("tagme"); len(stored.Tags) != 0 {
		t.Errorf("refused calls changed tags: %v", stored.Tags)
	}

	// Untag takes its keys from repeated query parameters, escaped as the SDK does.
	err := h.emu.SetTags("tagme", map[string]string{"a b": "1", "c/d": "2", "e": "3"})
	if err != nil {
		t.Fatal(err)
	}
	resp := h.do(t, rawRequest{method: "DELETE", path: arnPath,
		query: "tagKeys=a%20b&tagKeys=c%2Fd"})
	if resp.status != 204 {
		t.Fatalf("untag = %d %s", resp.status, resp.body)
	}
	stored, _ := h.emu.Connection("tagme")
	if !maps.Equal(stored.Tags, map[string]string{"e": "3"}) {
		t.Errorf("tags = %v", stored.Tags)
	}
}

func TestFieldListShape(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	resp := h.do(t, rawRequest{method: "POST", path: "/v1/private-connections",
		body: `{"name":"ab","mode":{}}`})
	var body struct {
		Message   string `json:"message"`
		FieldList []struct {
			Path    string `json:"path"`
			Message string `json:"message"`
		} `json:"fieldList"`
	}
	if err := json.Unmarshal(resp.body, &body); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(body.Message, "2 validation errors detected") ||
		len(body.FieldList) != 2 || body.FieldList[0].Message == "" ||
		resp.header.Get("Content-Type") != "application/json" {
		t.Errorf("body = %s, content type %q", resp.body, resp.header.Get("Content-Type"))
	}
}
