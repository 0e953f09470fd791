// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func checkPaths(fields []emulator.FieldError) []string {
	if fields == nil {
		return nil
	}
	paths := make([]string, len(fields))
	for i, f := range fields {
		paths[i] = f.Path
	}
	return paths
}

// checkCases are CreatePrivateConnection bodies with the fieldList paths the
// emulator answers them with; nil paths mean the body is valid.
func checkCases(t *testing.T) []struct {
	name  string
	body  string
	paths []string
} {
	const sm = "/mode/serviceManaged"
	cert := newCert(t, time.Now().Add(24*time.Hour)).pem
	with := func(mode string, edit func(b map[string]any)) string {
		b := createBody(mode)
		edit(b)
		return mustJSON(t, b)
	}
	return []struct {
		name  string
		body  string
		paths []string
	}{
		{"valid service-managed", with("", func(b map[string]any) {
			service(b)["portRanges"] = []any{"443", "8000-8100"}
			service(b)["certificate"] = cert
			b["tags"] = map[string]any{"team": "platform", "empty": ""}
		}), nil},
		{"valid self-managed", with("self", func(b map[string]any) {
			b["name"] = "valid-self"
		}), nil},
		{"name with uppercase", with("", func(b map[string]any) { b["name"] = "Bad-name" }),
			[]string{"/name"}},
		{"name too short and badly formed", with("", func(b map[string]any) { b["name"] = "-" }),
			[]string{"/name", "/name"}},
		{"vpc id of 9 characters", with("", func(b map[string]any) {
			service(b)["vpcId"] = "vpc-123456789"
		}), []string{sm + "/vpcId"}},
		{"port with a leading zero", with("", func(b map[string]any) {
			service(b)["portRanges"] = []any{"443", "0443"}
		}), []string{sm + "/portRanges/1"}},
		{"port range backwards", with("", func(b map[string]any) {
			service(b)["portRanges"] = []any{"8100-8000"}
		}), []string{sm + "/portRanges/0"}},
		{"ipv4 addresses per ENI above 62", with("", func(b map[string]any) {
			service(b)["ipv4AddressesPerEni"] = 63
		}), []string{sm + "/ipv4AddressesPerEni"}},
		{"private key as certificate", with("self", func(b map[string]any) {
			self(b)["certificate"] = privateKeyPEM(t)
		}), []string{"/mode/selfManaged/certificate"}},
		{"tag key with a slash and a bad character", with("", func(b map[string]any) {
			b["tags"] = map[string]any{"a/b<": "v"}
		}), []string{"/tags/a~1b<"}},
		{"tag value too long", with("", func(b map[string]any) {
			b["tags"] = map[string]any{"k": strings.Repeat("v", 257)}
		}), []string{"/tags/k"}},
		{"both modes", with("", func(b map[string]any) {
			object(b, "mode")["selfManaged"] = map[string]any{
				"resourceConfigurationId": "rcfg-0123456789abcdefg",
			}
		}), []string{"/mode"}},
		{"not JSON", `{"name":`, []string{""}},
		{"an array", `[]`, []string{""}},
	}
}

func TestCheckCreateRequest_paths(t *testing.T) {
	for _, tt := range checkCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			got := emulator.CheckCreateRequest([]byte(tt.body))
			if !slices.Equal(checkPaths(got), tt.paths) {
				t.Errorf("paths = %q, want %q (%v)", checkPaths(got), tt.paths, got)
			}
			for _, f := range got {
				if f.Message == "" {
					t.Errorf("entry %q has no message", f.Path)
				}
			}
		})
	}
}

// TestCheckCreateRequest_matchesHandler sends the same bodies to the HTTP
// handler: its fieldList must be what CheckCreateRequest returns.
func TestCheckCreateRequest_matchesHandler(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	for _, tt := range checkCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.do(t, rawRequest{
				method: "POST", path: "/v1/private-connections", body: tt.body,
			})
			want := checkPaths(emulator.CheckCreateRequest([]byte(tt.body)))
			switch {
			case want == nil:
				if resp.status != 200 {
					t.Errorf("CheckCreateRequest passed the body, the handler answered %d %s",
						resp.status, resp.body)
				}
			case slices.Equal(want, []string{""}):
				// Not a JSON object: a ValidationException without fieldList.
				if resp.status != 400 || len(resp.fieldPaths(t)) != 0 {
					t.Errorf("handler answered %d %s", resp.status, resp.body)
				}
			default:
				if got := resp.fieldPaths(t); resp.status != 400 || !slices.Equal(got, want) {
					t.Errorf("handler answered %d with paths %q, CheckCreateRequest %q",
						resp.status, got, want)
				}
			}
		})
	}
}
