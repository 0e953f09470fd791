// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// resourceModel is the Terraform state of one private connection.
type resourceModel struct {
	Name        types.String   `tfsdk:"name"`
	Mode        types.Object   `tfsdk:"mode"`
	Certificate types.String   `tfsdk:"certificate"`
	Tags        types.Map      `tfsdk:"tags"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`

	ID                       types.String `tfsdk:"id"`
	ARN                      types.String `tfsdk:"arn"`
	Type                     types.String `tfsdk:"type"`
	Status                   types.String `tfsdk:"status"`
	ResourceGatewayID        types.String `tfsdk:"resource_gateway_id"`
	ResourceConfigurationARN types.String `tfsdk:"resource_configuration_arn"`
	CertificateExpiryTime    types.String `tfsdk:"certificate_expiry_time"`
}

type modeModel struct {
	ServiceManaged types.Object `tfsdk:"service_managed"`
	SelfManaged    types.Object `tfsdk:"self_managed"`
}

type serviceManagedModel struct {
	HostAddress         types.String `tfsdk:"host_address"`
	VPCID               types.String `tfsdk:"vpc_id"`
	SubnetIDs           types.Set    `tfsdk:"subnet_ids"`
	SecurityGroupIDs    types.Set    `tfsdk:"security_group_ids"`
	IPAddressType       types.String `tfsdk:"ip_address_type"`
	IPv4AddressesPerENI types.Int64  `tfsdk:"ipv4_addresses_per_eni"`
	PortRanges          types.Set    `tfsdk:"port_ranges"`
}

type selfManagedModel struct {
	ResourceConfigurationID types.String `tfsdk:"resource_configuration_id"`
}

var (
	serviceManagedAttrTypes = map[string]attr.Type{
		"host_address":           types.StringType,
		"vpc_id":                 types.StringType,
		"subnet_ids":             types.SetType{ElemType: types.StringType},
		"security_group_ids":     types.SetType{ElemType: types.StringType},
		"ip_address_type":        types.StringType,
		"ipv4_addresses_per_eni": types.Int64Type,
		"port_ranges":            types.SetType{ElemType: types.StringType},
	}
	selfManagedAttrTypes = map[string]attr.Type{
		"resource_configuration_id": types.StringType,
	}
	modeAttrTypes = map[string]attr.Type{
		"service_managed": types.ObjectType{AttrTypes: serviceManagedAttrTypes},
		"self_managed":    types.ObjectType{AttrTypes: selfManagedAttrTypes},
	}
)

// Connection types as the API names them.
const (
	typeServiceManaged = "SERVICE_MANAGED"
	typeSelfManaged    = "SELF_MANAGED"
)

// Connection statuses as the API names them.
const (
	statusActive           = "ACTIVE"
	statusCreateInProgress = "CREATE_IN_PROGRESS"
	statusCreateFailed     = "CREATE_FAILED"
	statusDeleteInProgress = "DELETE_IN_PROGRESS"
	statusDeleteFailed     = "DELETE_FAILED"
)
