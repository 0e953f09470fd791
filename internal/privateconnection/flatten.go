// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// flatten merges what the API reported into prior, the state or plan the
// resource had. The API does not report subnets, security groups, the IP
// address type, addresses per ENI, port ranges or the certificate body, so
// those keep their prior values.
func flatten(ctx context.Context, conn connection, prior resourceModel) (resourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := prior
	out.Name = types.StringValue(conn.Name)
	out.ID = types.StringValue(conn.Name)
	out.Type = types.StringValue(conn.Type)
	out.Status = types.StringValue(conn.Status)
	out.ResourceGatewayID = stringOrNull(conn.ResourceGatewayID)
	out.ResourceConfigurationARN = stringOrNull(conn.ResourceConfigurationID)
	out.CertificateExpiryTime = timeOrNull(conn.CertificateExpiryTime)

	mode, d := flattenMode(ctx, conn, prior.Mode)
	diags.Append(d...)
	out.Mode = mode

	if conn.TagsReported {
		out.Tags = flattenTags(conn.Tags, prior.Tags)
	}
	if out.ARN.IsUnknown() {
		out.ARN = types.StringNull()
	}
	if out.Certificate.IsUnknown() {
		out.Certificate = types.StringNull()
	}
	return out, diags
}

func flattenMode(ctx context.Context, conn connection, prior types.Object) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	var mode modeModel
	if !prior.IsNull() && !prior.IsUnknown() {
		diags.Append(prior.As(ctx, &mode, basetypes.ObjectAsOptions{})...)
	} else {
		mode = modeModel{
			ServiceManaged: types.ObjectNull(serviceManagedAttrTypes),
			SelfManaged:    types.ObjectNull(selfManagedAttrTypes),
		}
	}
	if diags.HasError() {
		return prior, diags
	}

	switch conn.Type {
	case typeServiceManaged:
		sm := serviceManagedModel{
			SubnetIDs:           types.SetNull(types.StringType),
			SecurityGroupIDs:    types.SetNull(types.StringType),
			IPAddressType:       types.StringNull(),
			IPv4AddressesPerENI: types.Int64Null(),
			PortRanges:          types.SetNull(types.StringType),
		}
		if !mode.ServiceManaged.IsNull() && !mode.ServiceManaged.IsUnknown() {
			diags.Append(mode.ServiceManaged.As(ctx, &sm, basetypes.ObjectAsOptions{})...)
		}
		sm.HostAddress = stringOrPrior(conn.HostAddress, sm.HostAddress)
		sm.VPCID = stringOrPrior(conn.VPCID, sm.VPCID)
		obj, d := types.ObjectValueFrom(ctx, serviceManagedAttrTypes, sm)
		diags.Append(d...)
		mode.ServiceManaged = obj
		mode.SelfManaged = types.ObjectNull(selfManagedAttrTypes)
	case typeSelfManaged:
		var sm selfManagedModel
		if !mode.SelfManaged.IsNull() && !mode.SelfManaged.IsUnknown() {
			diags.Append(mode.SelfManaged.As(ctx, &sm, basetypes.ObjectAsOptions{})...)
		}
		// Keep the id as written when it names the configuration the API reports.
		if conn.ResourceConfigurationID != "" &&
			!equivalentResourceConfigurationIDs(sm.ResourceConfigurationID.ValueString(), conn.ResourceConfigurationID) {
			sm.ResourceConfigurationID = types.StringValue(conn.ResourceConfigurationID)
		}
		obj, d := types.ObjectValueFrom(ctx, selfManagedAttrTypes, sm)
		diags.Append(d...)
		mode.SelfManaged = obj
		mode.ServiceManaged = types.ObjectNull(serviceManagedAttrTypes)
	default:
		// An unknown type: keep what state had rather than guess.
		return prior, diags
	}

	obj, d := types.ObjectValueFrom(ctx, modeAttrTypes, mode)
	diags.Append(d...)
	return obj, diags
}

// flattenTags keeps "tags = {}" and an absent tags argument apart: the API
// reports both as no tags.
func flattenTags(reported map[string]string, prior types.Map) types.Map {
	if len(reported) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.MapNull(types.StringType)
	}
	elems := make(map[string]attr.Value, len(reported))
	for k, v := range reported {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func stringOrPrior(s string, prior types.String) types.String {
	if s == "" {
		if prior.IsUnknown() {
			return types.StringNull()
		}
		return prior
	}
	return types.StringValue(s)
}

func timeOrNull(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
