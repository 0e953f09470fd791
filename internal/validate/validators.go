// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package validate

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// String turns a rule into a schema validator. The error names the attribute
// path and the rule, and shows the offending value unless hideValue is set
// (for long values such as certificates).
func String(rule func(string) error, description string, hideValue bool) validator.String {
	return stringRule{rule: rule, description: description, hideValue: hideValue}
}

type stringRule struct {
	rule        func(string) error
	description string
	hideValue   bool
}

var _ validator.String = stringRule{}

func (v stringRule) Description(context.Context) string { return v.description }

func (v stringRule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	err := v.rule(value)
	if err == nil {
		return
	}
	detail := fmt.Sprintf("Attribute %s %s, got: %q", req.Path, err, value)
	if v.hideValue {
		detail = fmt.Sprintf("Attribute %s %s.", req.Path, err)
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value", detail)
}

// ExactlyOneOf checks that an object holds exactly one of the named
// attributes, as the API's union types require. Unknown members are let
// through: the check runs again once they are known.
func ExactlyOneOf(names ...string) validator.Object {
	return exactlyOneOf{names: names}
}

type exactlyOneOf struct {
	names []string
}

var _ validator.Object = exactlyOneOf{}

func (v exactlyOneOf) Description(context.Context) string {
	return fmt.Sprintf("exactly one of %s must be set", quotedList(v.names))
}

func (v exactlyOneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v exactlyOneOf) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	var set []string
	for _, name := range v.names {
		value, ok := attrs[name]
		if !ok {
			continue
		}
		if value.IsUnknown() {
			return
		}
		if !value.IsNull() {
			set = append(set, name)
		}
	}
	if len(set) == 1 {
		return
	}
	why := "neither is set"
	if len(set) > 1 {
		why = fmt.Sprintf("%s are all set", quotedList(set))
		if len(set) == 2 {
			why = "both are set"
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Combination",
		fmt.Sprintf("Attribute %s must hold exactly one of %s, but %s.",
			req.Path, quotedList(v.names), why))
}
