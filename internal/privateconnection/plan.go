// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// privateKeyUnreadInputs marks a connection whose state came from an import.
// The API does not report subnets, security groups, the IP address type,
// addresses per ENI or port ranges, so an import leaves them null; the first
// plan then takes them from the configuration instead of replacing the
// connection, and the update that follows records them and clears the mark.
const privateKeyUnreadInputs = "unread_inputs"

var privateValueTrue = []byte(`true`)

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func hasUnreadInputs(ctx context.Context, private privateGetter) bool {
	if private == nil {
		return false
	}
	value, _ := private.GetKey(ctx, privateKeyUnreadInputs)
	return string(value) == string(privateValueTrue)
}

const replaceUnlessImportedDescription = "Changing this replaces the connection, except when " +
	"the value is first recorded after an import."

func requiresReplaceString() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull() || !hasUnreadInputs(ctx, req.Private)
		}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)}
}

func requiresReplaceInt64() []planmodifier.Int64 {
	return []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull() || !hasUnreadInputs(ctx, req.Private)
		}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)}
}

func requiresReplaceSet() []planmodifier.Set {
	return []planmodifier.Set{setplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull() || !hasUnreadInputs(ctx, req.Private)
		}, replaceUnlessImportedDescription, replaceUnlessImportedDescription)}
}

// certificateRemoved asks for a new connection when the certificate goes
// away: the API can replace a certificate but not detach one.
func certificateRemoved(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = req.ConfigValue.IsNull() && !req.StateValue.IsNull()
}

// keepEquivalentResourceConfigurationID plans the value in state when the
// configuration names the same resource configuration another way (the
// short id where state holds the ARN, as after an import), so that neither
// a diff nor a replacement follows.
type keepEquivalentResourceConfigurationID struct{}

func (keepEquivalentResourceConfigurationID) Description(context.Context) string {
	return "The short id and the ARN of one resource configuration are treated as equal."
}

func (m keepEquivalentResourceConfigurationID) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalentResourceConfigurationID) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if equivalentResourceConfigurationIDs(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// ModifyPlan fills in the computed values that are known before apply, so
// that a plan shows as few "known after apply" values as it truthfully can.
func (r *privateConnectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if req.State.Raw.IsNull() {
		planCreate(ctx, &plan, &resp.Diagnostics)
	} else {
		var state resourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if !plan.Certificate.Equal(state.Certificate) {
			plan.CertificateExpiryTime = types.StringUnknown()
			plan.Status = types.StringUnknown()
		}
		// A connection whose create failed (seen on refresh, as after an
		// import) never becomes usable: plan a new one, as for one this
		// provider's own create left tainted.
		if state.Status.ValueString() == statusCreateFailed {
			plan.Status = types.StringValue(statusActive)
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// planCreate sets what a successful create is bound to report: create
// returns only once the connection is ACTIVE, the name is its id, and the
// mode decides the type and which of the two VPC Lattice ARNs is present.
func planCreate(ctx context.Context, plan *resourceModel, diags *diag.Diagnostics) {
	plan.Status = types.StringValue(statusActive)
	if !plan.Name.IsUnknown() {
		plan.ID = plan.Name
	}
	if plan.Certificate.IsNull() {
		plan.CertificateExpiryTime = types.StringNull()
	}
	if plan.Mode.IsNull() || plan.Mode.IsUnknown() {
		return
	}
	var mode modeModel
	diags.Append(plan.Mode.As(ctx, &mode, basetypes.ObjectAsOptions{})...)
	if diags.HasError() || mode.ServiceManaged.IsUnknown() || mode.SelfManaged.IsUnknown() {
		return
	}
	switch {
	case !mode.ServiceManaged.IsNull() && mode.SelfManaged.IsNull():
		plan.Type = types.StringValue(typeServiceManaged)
		plan.ResourceConfigurationARN = types.StringNull()
	case mode.ServiceManaged.IsNull() && !mode.SelfManaged.IsNull():
		plan.Type = types.StringValue(typeSelfManaged)
		plan.ResourceGatewayID = types.StringNull()
	}
}
