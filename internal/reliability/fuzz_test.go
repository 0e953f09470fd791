// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

// The fuzz tests put one input value into a create body that is otherwise
// valid and ask both sides about it: the provider's plan-time rule and the
// emulator's own validation (emulator.CheckCreateRequest). They must agree:
// a value the provider lets through but the API refuses fails at apply
// instead of at plan, and a value the provider refuses but the API takes
// cannot be configured at all. The corpus in testdata/fuzz runs under a
// plain `go test`; `make fuzz` (or -fuzz) looks for more.
//
// The provider is stricter than the API in one place, and that is a list
// rule rather than a per-value one, so it does not show here: it refuses an
// empty security_group_ids, which the API would take like an absent one
// (and create a default group).

const (
	fuzzServiceManaged = "/mode/serviceManaged"
	fuzzSelfManaged    = "/mode/selfManaged"
)

// fuzzServiceBody is a valid service-managed create body.
func fuzzServiceBody() (body, mode map[string]any) {
	mode = map[string]any{
		"hostAddress":         "grafana.internal.example.com",
		"vpcId":               "vpc-0a1b2c3d4e5f60718",
		"subnetIds":           []any{"subnet-0a1b2c3d4e5f60718"},
		"securityGroupIds":    []any{"sg-0a1b2c3d4e5f60718"},
		"ipAddressType":       "IPV4",
		"ipv4AddressesPerEni": 4,
		"portRanges":          []any{"443"},
	}
	body = map[string]any{
		"name": "fuzz-target",
		"mode": map[string]any{"serviceManaged": mode},
		"tags": map[string]any{"team": "platform"},
	}
	return body, mode
}

// fuzzSelfBody is a valid self-managed create body.
func fuzzSelfBody() (body, mode map[string]any) {
	mode = map[string]any{"resourceConfigurationId": rcfg}
	body = map[string]any{
		"name": "fuzz-target",
		"mode": map[string]any{"selfManaged": mode},
	}
	return body, mode
}

// asSent returns s as the emulator receives it. JSON has no way to carry
// bytes that are not UTF-8, and encoding/json replaces each of them by
// U+FFFD. Terraform strings are always UTF-8, so the provider never sees such
// bytes either; rather than skip those inputs, both sides judge the decoded
// string.
func asSent(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	raw, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always encodes
	}
	var out string
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}

// fuzzCompare fails t when the provider and the emulator disagree about the
// value of field placed in body. at picks the emulator's fieldList entries
// that are about the value; any other entry means the body around it is not
// valid, a mistake in the test.
func fuzzCompare(t *testing.T, field string, value any, providerErr error, body map[string]any,
	at func(path string) bool,
) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encoding the body: %s", err)
	}
	var about, others []emulator.FieldError
	for _, f := range emulator.CheckCreateRequest(raw) {
		if at(f.Path) {
			about = append(about, f)
		} else {
			others = append(others, f)
		}
	}
	if s, ok := value.(string); ok {
		value = shorten(s)
	}
	if len(others) > 0 {
		t.Fatalf("the body around %s %#v is not valid: %v", field, value, others)
	}
	if providerErr != nil || len(about) > 0 {
		addBadInputs(1)
	}
	switch {
	case providerErr == nil && len(about) > 0:
		t.Errorf("%s %#v: the provider accepts it, the emulator refuses it: %v",
			field, value, about)
	case providerErr != nil && len(about) == 0:
		t.Errorf("%s %#v: the provider refuses it (%s), the emulator accepts it", field, value,
			providerErr)
	}
}

// shorten keeps the ends of a value too long to print whole (a certificate
// chain near its 32768-character limit, say); the fuzz engine saves the
// whole input anyway.
func shorten(s string) string {
	const keep = 1500
	if len(s) <= 3*keep {
		return s
	}
	head, tail := keep, len(s)-keep
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return fmt.Sprintf("%s[... %d bytes ...]%s", s[:head], tail-head, s[tail:])
}

func atPath(want string) func(string) bool {
	return func(p string) bool { return p == want }
}

// fuzzString runs a fuzz test of one string input: set puts the value into a
// fresh body and returns it, rule is the provider's check.
func fuzzString(f *testing.F, field, at string, rule func(string) error,
	set func(value string) map[string]any, seeds ...string,
) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = asSent(s)
		fuzzCompare(t, field, s, rule(s), set(s), atPath(at))
	})
}

// idSeeds are edge cases for the "<prefix>-" + 8 or 17 lowercase
// alphanumerics ids.
func idSeeds(prefix string) []string {
	return []string{
		prefix + "-12345678",
		prefix + "-0a1b2c3d4e5f60718",
		prefix + "-1234567",
		prefix + "-123456789",
		prefix + "-0a1b2c3d4e5f6071",
		prefix + "-0a1b2c3d4e5f607189",
		prefix + "-ABCDEF12",
		strings.ToUpper(prefix) + "-12345678",
		prefix + "-12345678\n",
		" " + prefix + "-12345678",
		prefix + "-1234567٨", // an Arabic-Indic digit
		prefix + "_12345678",
		prefix + "-",
		"",
	}
}

func FuzzName(f *testing.F) {
	fuzzString(f, "name", "/name", validate.Name,
		func(s string) map[string]any {
			body, _ := fuzzServiceBody()
			body["name"] = s
			return body
		},
		"abc", "ab", strings.Repeat("a", 30), strings.Repeat("a", 31), "a-b", "a--b", "-ab", "ab-",
		"Abc", "a_b", "a.b", "abc\n", "ééé", "0443", "123", "", "ab c", "abc\x00", "ａｂｃ")
}

func FuzzTagKey(f *testing.F) {
	for _, s := range []string{
		"k", "", strings.Repeat("k", 128), strings.Repeat("k", 129), strings.Repeat("é", 128),
		strings.Repeat("é", 129), "a b", "a\tb", "a\u00a0b", "\u2028", "a/b", "a~b", "_.:/=+-@",
		"<", "日本語", "Ⅻ", "½", "e\u0301", "👍", "aws:cloudformation:stack-name", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		key = asSent(key)
		body, _ := fuzzServiceBody()
		body["tags"] = map[string]any{key: "v"}
		// The emulator reports a tag at /tags/<key, escaped>; any entry under
		// /tags is about the one key here.
		fuzzCompare(t, "tag key", key, validate.TagKey(key), body, func(p string) bool {
			return p == "/tags" || strings.HasPrefix(p, "/tags/")
		})
	})
}

func FuzzTagValue(f *testing.F) {
	fuzzString(f, "tag value", "/tags/k", validate.TagValue,
		func(s string) map[string]any {
			body, _ := fuzzServiceBody()
			body["tags"] = map[string]any{"k": s}
			return body
		},
		"", "v", strings.Repeat("v", 256), strings.Repeat("v", 257), strings.Repeat("日", 256),
		strings.Repeat("日", 257), "a b", "a\nb", "\u3000", "v<", "$", "e\u0301", "١٢٣", "\x00")
}

func FuzzHostAddress(f *testing.F) {
	fuzzString(f, "host address", fuzzServiceManaged+"/hostAddress", validate.HostAddress,
		func(s string) map[string]any {
			body, mode := fuzzServiceBody()
			mode["hostAddress"] = s
			return body
		},
		"a.b", "ab", "10.0.0.1", "::1", "fe80::1%eth0", "[::1]", "grafana.internal.example.com",
		strings.Repeat("a", 255), strings.Repeat("a", 256), "host_name", "a b", "ä.example",
		"example.com.", "10.0.0.1:443", "-", "")
}

func FuzzVPCID(f *testing.F) {
	fuzzString(f, "VPC id", fuzzServiceManaged+"/vpcId", validate.VPCID,
		func(s string) map[string]any {
			body, mode := fuzzServiceBody()
			mode["vpcId"] = s
			return body
		},
		idSeeds("vpc")...)
}

func FuzzSubnetID(f *testing.F) {
	fuzzString(f, "subnet id", fuzzServiceManaged+"/subnetIds/0", validate.SubnetID,
		func(s string) map[string]any {
			body, mode := fuzzServiceBody()
			mode["subnetIds"] = []any{s}
			return body
		},
		idSeeds("subnet")...)
}

func FuzzSecurityGroupID(f *testing.F) {
	fuzzString(f, "security group id", fuzzServiceManaged+"/securityGroupIds/0",
		validate.SecurityGroupID,
		func(s string) map[string]any {
			body, mode := fuzzServiceBody()
			mode["securityGroupIds"] = []any{s}
			return body
		},
		idSeeds("sg")...)
}

func FuzzIPAddressType(f *testing.F) {
	fuzzString(f, "IP address type", fuzzServiceManaged+"/ipAddressType", validate.IPAddressType,
		func(s string) map[string]any {
			body, mode := fuzzServiceBody()
			mode["ipAddressType"] = s
			return body
		},
		"IPV4", "IPV6", "DUAL_STACK", "ipv4", "IPV4 ", "DUAL-STACK", "")
}

func FuzzResourceConfigurationID(f *testing.F) {
	const arn = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/"
	fuzzString(f, "resource configuration id", fuzzSelfManaged+"/resourceConfigurationId",
		validate.ResourceConfigurationID,
		func(s string) map[string]any {
			body, mode := fuzzSelfBody()
			mode["resourceConfigurationId"] = s
			return body
		},
		rcfg, arn+rcfg, "rcfg-0a1b2c3d4e5f6071", "rcfg-0a1b2c3d4e5f607189", "rcfg-12345678",
		"RCFG-0A1B2C3D4E5F60718", rcfg+"\n", " "+rcfg,
		"arn:aws-us-gov:vpc-lattice:us-gov-west-1:123456789012:resourceconfiguration/"+rcfg,
		"arn:aws-cn:vpc-lattice:cn-north-1:123456789012:resourceconfiguration/"+rcfg,
		"arn:aws:vpc-lattice:us-east-1:12345678901:resourceconfiguration/"+rcfg,
		"arn:aws:vpc-lattice:us-east-1:١٢٣٤٥٦٧٨٩٠١٢:resourceconfiguration/"+rcfg,
		"arn:AWS:vpc-lattice:us-east-1:123456789012:resourceconfiguration/"+rcfg,
		"arn:aws:vpc-lattice::123456789012:resourceconfiguration/"+rcfg,
		"arn:aws:vpc-lattice:us-east-1:123456789012:resourcegateway/rgw-0a1b2c3d4e5f60718",
		arn+rcfg+"/x", "")
}

func FuzzPortRange(f *testing.F) {
	fuzzString(f, "port range", fuzzServiceManaged+"/portRanges/0", validate.PortRange,
		func(s string) map[string]any {
			body, mode := fuzzServiceBody()
			mode["portRanges"] = []any{s}
			return body
		},
		"443", "0443", "8000-8100", "8100-8000", "443-443", "1", "0", "65535", "65536", "99999",
		"100000", "1-65535", "0-80", "80-0", "-443", "443-", "8000--8100", "1-2-3", "+443", " 443",
		"443 ", "١٢٣", "8000-08100", "")
}

func FuzzIPv4AddressesPerENI(f *testing.F) {
	// The schema holds a framework validator rather than a rule function.
	rule := int64validator.Between(validate.IPv4AddressesPerENIMin, validate.IPv4AddressesPerENIMax)
	attr := path.Root("mode").AtName("service_managed").AtName("ipv4_addresses_per_eni")
	for _, n := range []int64{
		0, 1, 2, 61, 62, 63, -1, math.MaxInt32, math.MaxInt32 + 1, 1<<32 + 1,
		math.MaxInt64, math.MinInt64,
	} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		resp := &validator.Int64Response{}
		rule.ValidateInt64(context.Background(), validator.Int64Request{
			Path: attr, PathExpression: attr.Expression(), ConfigValue: types.Int64Value(n),
		}, resp)
		var providerErr error
		if resp.Diagnostics.HasError() {
			providerErr = errors.New(resp.Diagnostics.Errors()[0].Detail())
		}
		body, mode := fuzzServiceBody()
		mode["ipv4AddressesPerEni"] = n
		fuzzCompare(t, "IPv4 addresses per ENI", n, providerErr, body,
			atPath(fuzzServiceManaged+"/ipv4AddressesPerEni"))
	})
}

func FuzzCertificate(f *testing.F) {
	cert := acctest.Certificate(f, "fuzz.internal", time.Now().Add(24*time.Hour))
	other := acctest.Certificate(f, "ca.internal", time.Now().Add(48*time.Hour))
	// The inputs on which the two sides disagree are in the checked-in
	// corpus, under names that say so (testdata/fuzz/FuzzCertificate).
	for _, s := range []string{
		cert,
		cert + other,
		cert + "\n\n" + other,
		strings.TrimRight(cert, "\n"),
		strings.ReplaceAll(cert, "\n", "\r\n"),
		"\n " + cert + " \t\n",
		cert + "trailing text",
		"leading text\n" + cert,
		fuzzPrivateKeyPEM(f),
		cert + fuzzPrivateKeyPEM(f),
		"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
		cert[:len(cert)/2],
		strings.Replace(cert, "-----END CERTIFICATE-----", "-----END CERT-----", 1),
		"", " ", "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := asSent(string(b))
		_, err := validate.Certificates(s)
		body, mode := fuzzServiceBody()
		mode["certificate"] = s
		fuzzCompare(t, "certificate", s, err, body, atPath(fuzzServiceManaged+"/certificate"))
	})
}

func fuzzPrivateKeyPEM(f *testing.F) string {
	f.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		f.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
