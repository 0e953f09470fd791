// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	awstypes "github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

// connection is what the API reports about a private connection, whichever
// call reported it. Absent strings are empty.
type connection struct {
	Name                    string
	Type                    string
	Status                  string
	HostAddress             string
	VPCID                   string
	ResourceGatewayID       string
	ResourceConfigurationID string
	CertificateExpiryTime   *time.Time
	Tags                    map[string]string
	// TagsReported is false for answers that carry no tags member at all
	// (UpdatePrivateConnectionCertificate), so state keeps what it had.
	TagsReported bool
}

// errIncompleteAnswer is an answer without the members every answer about a
// connection carries, as when a proxy in between returns an empty body.
var errIncompleteAnswer = errors.New("the DevOps Agent API answered without the connection's " +
	"name or status; a proxy between the provider and the service may have changed the answer")

func (c connection) check() error {
	if c.Name == "" || c.Status == "" {
		return errIncompleteAnswer
	}
	return nil
}

func connectionFromCreate(out *devopsagent.CreatePrivateConnectionOutput) connection {
	return connection{
		Name:                    aws.ToString(out.Name),
		Type:                    string(out.Type),
		Status:                  string(out.Status),
		HostAddress:             aws.ToString(out.HostAddress),
		VPCID:                   aws.ToString(out.VpcId),
		ResourceGatewayID:       aws.ToString(out.ResourceGatewayId),
		ResourceConfigurationID: aws.ToString(out.ResourceConfigurationId),
		CertificateExpiryTime:   out.CertificateExpiryTime,
		Tags:                    out.Tags,
		TagsReported:            true,
	}
}

func connectionFromDescribe(out *devopsagent.DescribePrivateConnectionOutput) connection {
	return connection{
		Name:                    aws.ToString(out.Name),
		Type:                    string(out.Type),
		Status:                  string(out.Status),
		HostAddress:             aws.ToString(out.HostAddress),
		VPCID:                   aws.ToString(out.VpcId),
		ResourceGatewayID:       aws.ToString(out.ResourceGatewayId),
		ResourceConfigurationID: aws.ToString(out.ResourceConfigurationId),
		CertificateExpiryTime:   out.CertificateExpiryTime,
		Tags:                    out.Tags,
		TagsReported:            true,
	}
}

// expandCreateInput builds the create request from a planned resource. The
// schema keeps certificate at the top level, since it is the one mode
// setting that changes in place; the API carries it inside the mode member.
func expandCreateInput(ctx context.Context, m resourceModel) (*devopsagent.CreatePrivateConnectionInput, diag.Diagnostics) {
	var diags diag.Diagnostics
	input := &devopsagent.CreatePrivateConnectionInput{
		Name: aws.String(m.Name.ValueString()),
	}
	certificate := m.Certificate.ValueStringPointer()

	if m.Mode.IsNull() || m.Mode.IsUnknown() {
		diags.AddAttributeError(pathMode, "Missing private connection mode",
			"Set exactly one of mode.service_managed or mode.self_managed.")
		return nil, diags
	}
	var mode modeModel
	diags.Append(m.Mode.As(ctx, &mode, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return nil, diags
	}
	switch {
	case !mode.ServiceManaged.IsNull():
		var sm serviceManagedModel
		diags.Append(mode.ServiceManaged.As(ctx, &sm, basetypes.ObjectAsOptions{})...)
		value := awstypes.ServiceManagedInput{
			HostAddress:      sm.HostAddress.ValueStringPointer(),
			VpcId:            sm.VPCID.ValueStringPointer(),
			SubnetIds:        stringSet(ctx, sm.SubnetIDs, &diags),
			SecurityGroupIds: stringSet(ctx, sm.SecurityGroupIDs, &diags),
			PortRanges:       stringSet(ctx, sm.PortRanges, &diags),
			IpAddressType:    awstypes.IpAddressType(sm.IPAddressType.ValueString()),
			Certificate:      certificate,
		}
		if !sm.IPv4AddressesPerENI.IsNull() {
			value.Ipv4AddressesPerEni = aws.Int32(int32(sm.IPv4AddressesPerENI.ValueInt64()))
		}
		input.Mode = &awstypes.PrivateConnectionModeMemberServiceManaged{Value: value}
	case !mode.SelfManaged.IsNull():
		var sm selfManagedModel
		diags.Append(mode.SelfManaged.As(ctx, &sm, basetypes.ObjectAsOptions{})...)
		input.Mode = &awstypes.PrivateConnectionModeMemberSelfManaged{Value: awstypes.SelfManagedInput{
			ResourceConfigurationId: sm.ResourceConfigurationID.ValueStringPointer(),
			Certificate:             certificate,
		}}
	default:
		diags.AddAttributeError(pathMode, "Missing private connection mode",
			"Set exactly one of mode.service_managed or mode.self_managed.")
	}

	if !m.Tags.IsNull() {
		tags := map[string]string{}
		diags.Append(m.Tags.ElementsAs(ctx, &tags, false)...)
		if len(tags) > 0 {
			input.Tags = tags
		}
	}
	return input, diags
}

// stringSet returns a set's members sorted, or nil for a null set.
func stringSet(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// equivalentResourceConfigurationIDs reports whether two ways of writing a
// resource configuration name the same one. The API answers with the ARN
// even when it was given the short rcfg- id.
func equivalentResourceConfigurationIDs(a, b string) bool {
	if a == b {
		return true
	}
	shortA, okA := validate.ShortResourceConfigurationID(a)
	shortB, okB := validate.ShortResourceConfigurationID(b)
	if !okA || !okB || shortA != shortB {
		return false
	}
	// Two different ARNs for one id belong to different accounts or regions.
	return shortA == a || shortB == b
}

// tagDiff returns the tags to set and the keys to remove to go from old to new.
func tagDiff(oldTags, newTags map[string]string) (map[string]string, []string) {
	set := map[string]string{}
	for k, v := range newTags {
		if old, ok := oldTags[k]; !ok || old != v {
			set[k] = v
		}
	}
	var remove []string
	for k := range oldTags {
		if _, ok := newTags[k]; !ok {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	return set, remove
}
