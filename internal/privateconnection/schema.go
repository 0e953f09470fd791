// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	v "github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

func resourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages an AWS DevOps Agent private connection, through which the " +
			"agent reaches a tool inside a VPC, such as a self-hosted Grafana, GitLab or MCP " +
			"server. In service-managed mode the service creates a VPC Lattice resource gateway " +
			"in the given VPC and subnets; in self-managed mode it uses an existing VPC Lattice " +
			"resource configuration. Only `certificate` and `tags` change in place: any other " +
			"change replaces the connection.",
		Attributes: map[string]schema.Attribute{
			// Required and optional arguments.
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Name of the connection, unique in the account and "+
					"region: %d to %d lowercase letters, digits and hyphens, starting and ending "+
					"with a letter or digit. Changing it replaces the connection.",
					v.NameMinLength, v.NameMaxLength),
				Required: true,
				Validators: []validator.String{
					v.String(v.Name, "a valid private connection name", false),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"mode": schema.SingleNestedAttribute{
				MarkdownDescription: "How the service reaches the target: set exactly one of " +
					"`service_managed` or `self_managed`. Any change inside `mode` replaces " +
					"the connection.",
				Required:   true,
				Attributes: modeAttributes(),
				Validators: []validator.Object{v.ExactlyOneOf("service_managed", "self_managed")},
			},
			"certificate": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("PEM-encoded certificate chain of the target, "+
					"needed when a private certificate authority issued the target's TLS "+
					"certificate (%d to %d characters, one or more `CERTIFICATE` blocks). It is "+
					"public material, not a secret. Changing it rotates the certificate in place; "+
					"removing it replaces the connection, since the API cannot detach one. The "+
					"API does not return it, so a change made outside Terraform is not seen; "+
					"`certificate_expiry_time` is.", v.CertificateMinLength, v.CertificateMaxLength),
				Optional: true,
				Validators: []validator.String{
					v.String(func(s string) error { _, err := v.Certificates(s); return err },
						"one or more PEM-encoded X.509 certificates", true),
				},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(certificateRemoved,
						"Removing the certificate replaces the connection.",
						"Removing the certificate replaces the connection."),
				},
			},
			"tags": schema.MapAttribute{
				MarkdownDescription: fmt.Sprintf("Tags of the connection. Keys are %d to %d and values "+
					"%d to %d characters of Unicode letters, numbers and spaces, and `_.:/=+-@`. "+
					"Changes are made in place.", v.TagKeyMinLength, v.TagKeyMaxLength,
					v.TagValueMinLength, v.TagValueMaxLength),
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(v.String(v.TagKey, "a valid tag key", false)),
					mapvalidator.ValueStringsAre(v.String(v.TagValue, "a valid tag value", false)),
				},
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: "How long to wait for the connection to become `ACTIVE` " +
					"(a duration such as `45m`). Defaults to `30m`.",
				UpdateDescription: "How long a certificate rotation may take. Defaults to `30m`.",
				DeleteDescription: "How long to wait for the connection to be deleted. Defaults to `30m`.",
			}),

			// Computed attributes.
			"id": schema.StringAttribute{
				MarkdownDescription: "Name of the connection, which the API addresses it by.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the connection, for IAM policies and tagging. " +
					"The API does not return it; the provider builds it from the partition, " +
					"region, account id and name.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "`SERVICE_MANAGED` or `SELF_MANAGED`, following `mode`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status the API last reported: `ACTIVE`, `CREATE_IN_PROGRESS`, " +
					"`CREATE_FAILED`, `DELETE_IN_PROGRESS` or `DELETE_FAILED`. An apply only " +
					"succeeds once the connection is `ACTIVE`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"resource_gateway_id": schema.StringAttribute{
				MarkdownDescription: "ARN of the VPC Lattice resource gateway the service created " +
					"(service-managed connections only).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"resource_configuration_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the VPC Lattice resource configuration, as the API " +
					"reports it even when `resource_configuration_id` is a short id " +
					"(self-managed connections only).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"certificate_expiry_time": schema.StringAttribute{
				MarkdownDescription: "When the associated certificate expires (RFC 3339), or null " +
					"when no certificate is associated.",
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
				},
			},
		},
	}
}

// timeoutsAttribute is the timeouts module's attribute with a description
// of its own, which the module does not take as an option.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts) schema.Attribute {
	attr := timeouts.Attributes(ctx, opts)
	if nested, ok := attr.(schema.SingleNestedAttribute); ok {
		nested.MarkdownDescription = "How long create, update and delete may take, as durations " +
			"such as `30m` or `1h`."
		return nested
	}
	return attr
}

// TODO: add service_managed.dns_resolution (PUBLIC or IN_VPC) and a
// computed failure_message. The service's current reference documents both,
// but the devopsagent SDK v1.5.2 this provider builds on has neither; they
// can come with the first SDK release that does.
func modeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"service_managed": schema.SingleNestedAttribute{
			MarkdownDescription: "The service creates and manages a VPC Lattice resource gateway " +
				"in your VPC and subnets to reach the target.",
			Optional: true,
			Attributes: map[string]schema.Attribute{
				"host_address": schema.StringAttribute{
					MarkdownDescription: fmt.Sprintf("IP address or DNS name of the target, "+
						"%d to %d letters, digits, dots, colons and hyphens.",
						v.HostAddressMinLength, v.HostAddressMaxLength),
					Required: true,
					Validators: []validator.String{
						v.String(v.HostAddress, "an IP address or DNS name", false),
					},
					PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				},
				"vpc_id": schema.StringAttribute{
					MarkdownDescription: "VPC to create the resource gateway in (`vpc-` followed " +
						"by 8 or 17 lowercase letters or digits).",
					Required:      true,
					Validators:    []validator.String{v.String(v.VPCID, "a VPC id", false)},
					PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				},
				"subnet_ids": schema.SetAttribute{
					MarkdownDescription: fmt.Sprintf("Subnets the resource gateway spans, %d to %d "+
						"ids (`subnet-` followed by 8 or 17 lowercase letters or digits). "+
						"Not returned by the API.", v.SubnetIDsMinItems, v.SubnetIDsMaxItems),
					ElementType: types.StringType,
					Required:    true,
					Validators: []validator.Set{
						setvalidator.SizeBetween(v.SubnetIDsMinItems, v.SubnetIDsMaxItems),
						setvalidator.ValueStringsAre(v.String(v.SubnetID, "a subnet id", false)),
					},
					PlanModifiers: requiresReplaceSet(),
				},
				"security_group_ids": schema.SetAttribute{
					MarkdownDescription: "Security groups to attach to the resource gateway " +
						"(`sg-` followed by 8 or 17 lowercase letters or digits). When omitted, " +
						"the service creates a default group. Not returned by the API.",
					ElementType: types.StringType,
					Optional:    true,
					Validators: []validator.Set{
						setvalidator.SizeAtLeast(1),
						setvalidator.ValueStringsAre(v.String(v.SecurityGroupID, "a security group id", false)),
					},
					PlanModifiers: requiresReplaceSet(),
				},
				"ip_address_type": schema.StringAttribute{
					MarkdownDescription: "IP address type of the resource gateway: one of " +
						markdownList(v.IPAddressTypes) + ". Not returned by the API.",
					Optional:      true,
					Validators:    []validator.String{stringvalidator.OneOf(v.IPAddressTypes...)},
					PlanModifiers: requiresReplaceString(),
				},
				"ipv4_addresses_per_eni": schema.Int64Attribute{
					MarkdownDescription: fmt.Sprintf("Number of IPv4 addresses in each network "+
						"interface of the resource gateway, %d to %d. Not returned by the API.",
						v.IPv4AddressesPerENIMin, v.IPv4AddressesPerENIMax),
					Optional: true,
					Validators: []validator.Int64{
						int64validator.Between(v.IPv4AddressesPerENIMin, v.IPv4AddressesPerENIMax),
					},
					PlanModifiers: requiresReplaceInt64(),
				},
				"port_ranges": schema.SetAttribute{
					MarkdownDescription: fmt.Sprintf("TCP ports the agent may use to reach the "+
						"target, %d to %d entries, each a port (`443`) or an inclusive range "+
						"(`8000-8100`) of ports %d to %d. Not returned by the API.",
						v.PortRangesMinItems, v.PortRangesMaxItems, v.PortMin, v.PortMax),
					ElementType: types.StringType,
					Optional:    true,
					Validators: []validator.Set{
						setvalidator.SizeBetween(v.PortRangesMinItems, v.PortRangesMaxItems),
						setvalidator.ValueStringsAre(v.String(v.PortRange, "a port or port range", false)),
					},
					PlanModifiers: requiresReplaceSet(),
				},
			},
		},
		"self_managed": schema.SingleNestedAttribute{
			MarkdownDescription: "The service uses a VPC Lattice resource configuration that you " +
				"manage.",
			Optional: true,
			Attributes: map[string]schema.Attribute{
				"resource_configuration_id": schema.StringAttribute{
					MarkdownDescription: "Id (`rcfg-` followed by 17 lowercase letters or " +
						"digits) or ARN of the VPC Lattice resource configuration. The short id " +
						"and the ARN of the same configuration are treated as equal.",
					Required: true,
					Validators: []validator.String{
						v.String(v.ResourceConfigurationID, "a resource configuration id or ARN", false),
					},
					PlanModifiers: []planmodifier.String{
						keepEquivalentResourceConfigurationID{},
						stringplanmodifier.RequiresReplace(),
					},
				},
			},
		},
	}
}

func markdownList(values []string) string {
	quoted := make([]string, len(values))
	for i, s := range values {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}
