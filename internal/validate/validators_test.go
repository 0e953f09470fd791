// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package validate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

// onlyDiagnostic returns the one diagnostic in diags, failing the test if
// there is not exactly one or it is not an error on want.
func onlyDiagnostic(t *testing.T, diags diag.Diagnostics, want path.Path) diag.Diagnostic {
	t.Helper()
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
	}
	d := diags[0]
	if d.Severity() != diag.SeverityError {
		t.Fatalf("severity = %v, want error", d.Severity())
	}
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok {
		t.Fatalf("diagnostic %q has no attribute path", d.Summary())
	}
	if !withPath.Path().Equal(want) {
		t.Fatalf("path = %s, want %s", withPath.Path(), want)
	}
	return d
}

func TestString_invalidValue(t *testing.T) {
	vpcPath := path.Root("mode").AtName("service_managed").AtName("vpc_id")
	cases := map[string]struct {
		rule       func(string) error
		hideValue  bool
		path       path.Path
		value      string
		wantDetail []string
		denyDetail []string
	}{
		"value shown": {
			rule:       validate.Name,
			path:       path.Root("name"),
			value:      "Bad_Name",
			wantDetail: []string{"Attribute name ", "lowercase letters", `got: "Bad_Name"`},
		},
		"nested path": {
			rule:       validate.VPCID,
			path:       vpcPath,
			value:      "vpc-XYZ",
			wantDetail: []string{"mode.service_managed.vpc_id", `"vpc-" followed by 8 or 17`, `"vpc-XYZ"`},
		},
		"value hidden": {
			rule:       func(string) error { return errors.New("holds no certificate") },
			hideValue:  true,
			path:       path.Root("certificate"),
			value:      "secret-looking body",
			wantDetail: []string{"Attribute certificate holds no certificate."},
			denyDetail: []string{"secret-looking body", "got:"},
		},
		"list element path": {
			rule:       validate.SubnetID,
			path:       vpcPath.ParentPath().AtName("subnet_ids").AtSetValue(types.StringValue("subnet-1")),
			value:      "subnet-1",
			wantDetail: []string{"subnet_ids", "15 to 24 characters long"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			v := validate.String(tc.rule, "a description", tc.hideValue)
			req := validator.StringRequest{Path: tc.path, ConfigValue: types.StringValue(tc.value)}
			var resp validator.StringResponse
			v.ValidateString(t.Context(), req, &resp)

			d := onlyDiagnostic(t, resp.Diagnostics, tc.path)
			if d.Summary() != "Invalid Attribute Value" {
				t.Errorf("summary = %q, want %q", d.Summary(), "Invalid Attribute Value")
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail %q does not contain %q", d.Detail(), want)
				}
			}
			for _, deny := range tc.denyDetail {
				if strings.Contains(d.Detail(), deny) {
					t.Errorf("detail %q contains %q", d.Detail(), deny)
				}
			}
		})
	}
}

func TestString_skipped(t *testing.T) {
	cases := map[string]types.String{
		"null":    types.StringNull(),
		"unknown": types.StringUnknown(),
		"valid":   types.StringValue("my-connection"),
	}
	for name, value := range cases {
		t.Run(name, func(t *testing.T) {
			var seen []string
			rule := func(s string) error {
				seen = append(seen, s)
				return validate.Name(s)
			}
			req := validator.StringRequest{Path: path.Root("name"), ConfigValue: value}
			var resp validator.StringResponse
			validate.String(rule, "d", false).ValidateString(t.Context(), req, &resp)

			if resp.Diagnostics.HasError() {
				t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
			}
			wantCalls := 0
			if !value.IsNull() && !value.IsUnknown() {
				wantCalls = 1
			}
			if len(seen) != wantCalls {
				t.Fatalf("rule called with %q, want %d call(s)", seen, wantCalls)
			}
		})
	}
}

func TestString_description(t *testing.T) {
	v := validate.String(validate.Name, "must be a valid name", false)
	if got := v.Description(t.Context()); got != "must be a valid name" {
		t.Errorf("Description() = %q", got)
	}
	if got := v.MarkdownDescription(t.Context()); got != "must be a valid name" {
		t.Errorf("MarkdownDescription() = %q", got)
	}
}

var (
	serviceManagedType = types.ObjectType{AttrTypes: map[string]attr.Type{"vpc_id": types.StringType}}
	selfManagedType    = types.ObjectType{AttrTypes: map[string]attr.Type{
		"resource_configuration_id": types.StringType,
	}}
	modeType = map[string]attr.Type{
		"service_managed": serviceManagedType,
		"self_managed":    selfManagedType,
	}
	serviceManagedSet = types.ObjectValueMust(serviceManagedType.AttrTypes, map[string]attr.Value{
		"vpc_id": types.StringValue("vpc-0a1b2c3d"),
	})
	selfManagedSet = types.ObjectValueMust(selfManagedType.AttrTypes, map[string]attr.Value{
		"resource_configuration_id": types.StringValue("rcfg-0123456789abcdefg"),
	})
)

func mode(serviceManaged, selfManaged types.Object) types.Object {
	return types.ObjectValueMust(modeType, map[string]attr.Value{
		"service_managed": serviceManaged,
		"self_managed":    selfManaged,
	})
}

func TestExactlyOneOf_cases(t *testing.T) {
	smNull, sfNull := types.ObjectNull(serviceManagedType.AttrTypes), types.ObjectNull(selfManagedType.AttrTypes)
	smUnknown := types.ObjectUnknown(serviceManagedType.AttrTypes)
	sfUnknown := types.ObjectUnknown(selfManagedType.AttrTypes)
	cases := map[string]struct {
		value   types.Object
		wantWhy string // empty: no diagnostic
	}{
		"service managed only": {value: mode(serviceManagedSet, sfNull)},
		"self managed only":    {value: mode(smNull, selfManagedSet)},
		"both": {
			value:   mode(serviceManagedSet, selfManagedSet),
			wantWhy: "but both are set.",
		},
		"neither":                         {value: mode(smNull, sfNull), wantWhy: "but neither is set."},
		"null object":                     {value: types.ObjectNull(modeType)},
		"unknown object":                  {value: types.ObjectUnknown(modeType)},
		"unknown member, other null":      {value: mode(smUnknown, sfNull)},
		"unknown member, other set":       {value: mode(serviceManagedSet, sfUnknown)},
		"unknown first member, other set": {value: mode(smUnknown, selfManagedSet)},
	}
	p := path.Root("mode")
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			v := validate.ExactlyOneOf("service_managed", "self_managed")
			var resp validator.ObjectResponse
			v.ValidateObject(t.Context(), validator.ObjectRequest{Path: p, ConfigValue: tc.value}, &resp)

			if tc.wantWhy == "" {
				if len(resp.Diagnostics) != 0 {
					t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
				}
				return
			}
			d := onlyDiagnostic(t, resp.Diagnostics, p)
			if d.Summary() != "Invalid Attribute Combination" {
				t.Errorf("summary = %q, want %q", d.Summary(), "Invalid Attribute Combination")
			}
			for _, want := range []string{
				"Attribute mode must hold exactly one of",
				`"service_managed", "self_managed"`,
				tc.wantWhy,
			} {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail %q does not contain %q", d.Detail(), want)
				}
			}
		})
	}
}

func TestExactlyOneOf_threeMembers(t *testing.T) {
	types3 := map[string]attr.Type{"a": types.StringType, "b": types.StringType, "c": types.StringType}
	obj := func(a, b, c types.String) types.Object {
		return types.ObjectValueMust(types3, map[string]attr.Value{"a": a, "b": b, "c": c})
	}
	set, null := types.StringValue("x"), types.StringNull()
	cases := map[string]struct {
		value   types.Object
		wantWhy string
	}{
		"one":   {value: obj(null, set, null)},
		"two":   {value: obj(set, null, set), wantWhy: "but both are set."},
		"three": {value: obj(set, set, set), wantWhy: `but "a", "b", "c" are all set.`},
		"none":  {value: obj(null, null, null), wantWhy: "but neither is set."},
		// An empty string is a value, not an absent one.
		"empty string": {value: obj(types.StringValue(""), null, null)},
	}
	p := path.Root("parent").AtName("choice")
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var resp validator.ObjectResponse
			validate.ExactlyOneOf("a", "b", "c").ValidateObject(t.Context(),
				validator.ObjectRequest{Path: p, ConfigValue: tc.value}, &resp)
			if tc.wantWhy == "" {
				if len(resp.Diagnostics) != 0 {
					t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
				}
				return
			}
			d := onlyDiagnostic(t, resp.Diagnostics, p)
			if !strings.Contains(d.Detail(), "parent.choice") || !strings.Contains(d.Detail(), tc.wantWhy) {
				t.Errorf("detail %q lacks the path or %q", d.Detail(), tc.wantWhy)
			}
		})
	}
}

func TestExactlyOneOf_description(t *testing.T) {
	v := validate.ExactlyOneOf("service_managed", "self_managed")
	want := `exactly one of "service_managed", "self_managed" must be set`
	if got := v.Description(t.Context()); got != want {
		t.Errorf("Description() = %q, want %q", got, want)
	}
	if got := v.MarkdownDescription(t.Context()); got != want {
		t.Errorf("MarkdownDescription() = %q, want %q", got, want)
	}
}
