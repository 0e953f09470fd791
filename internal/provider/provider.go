// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package provider is the devopsagent provider: its configuration block and
// the set of resources it serves.
package provider

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/awsclient"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/privateconnection"
)

var _ provider.Provider = (*devopsAgentProvider)(nil)

type devopsAgentProvider struct {
	version string
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &devopsAgentProvider{version: version}
	}
}

type providerModel struct {
	Region                 types.String `tfsdk:"region"`
	Profile                types.String `tfsdk:"profile"`
	SharedConfigFiles      types.List   `tfsdk:"shared_config_files"`
	SharedCredentialsFiles types.List   `tfsdk:"shared_credentials_files"`
	AccessKey              types.String `tfsdk:"access_key"`
	SecretKey              types.String `tfsdk:"secret_key"`
	Token                  types.String `tfsdk:"token"`
	MaxRetries             types.Int64  `tfsdk:"max_retries"`
	Endpoints              types.Object `tfsdk:"endpoints"`
}

type endpointsModel struct {
	DevOpsAgent types.String `tfsdk:"devopsagent"`
	STS         types.String `tfsdk:"sts"`
}

func (p *devopsAgentProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "devopsagent"
	resp.Version = p.version
}

func (p *devopsAgentProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	endpointValidators := []validator.String{endpointURL{}}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages AWS DevOps Agent private connections, which let the agent " +
			"reach tools inside a VPC. Every argument is optional: what is not set comes from the " +
			"AWS SDK's configuration chain (environment variables, shared config and credentials " +
			"files, SSO, web identity, container and instance roles).",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				MarkdownDescription: "AWS region to manage private connections in, such as " +
					"`us-east-1`. Defaults to `AWS_REGION`, then the profile's region.",
				Optional: true,
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Named profile of the shared config and credentials files. " +
					"Defaults to `AWS_PROFILE`.",
				Optional: true,
			},
			"shared_config_files": schema.ListAttribute{
				MarkdownDescription: "Paths of shared config files. Defaults to `AWS_CONFIG_FILE`, " +
					"then `~/.aws/config`.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"shared_credentials_files": schema.ListAttribute{
				MarkdownDescription: "Paths of shared credentials files. Defaults to " +
					"`AWS_SHARED_CREDENTIALS_FILE`, then `~/.aws/credentials`.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"access_key": schema.StringAttribute{
				MarkdownDescription: "Access key id. Prefer the environment or a profile over " +
					"writing keys into configuration. Requires `secret_key`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("secret_key")),
				},
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "Secret access key. Requires `access_key`.",
				Optional:            true,
				Sensitive:           true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("access_key")),
				},
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Session token of temporary credentials. Requires `access_key`.",
				Optional:            true,
				Sensitive:           true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("access_key")),
				},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a throttled or failed API request "+
					"is retried, with exponential backoff, before the error is returned. "+
					"Defaults to %d.", awsclient.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 100)},
			},
			"endpoints": schema.SingleNestedAttribute{
				MarkdownDescription: "Custom service endpoints, such as a VPC endpoint or a local " +
					"emulator. The SDK's `AWS_ENDPOINT_URL_DEVOPS_AGENT`, `AWS_ENDPOINT_URL_STS` " +
					"and `AWS_ENDPOINT_URL` environment variables work too.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"devopsagent": schema.StringAttribute{
						MarkdownDescription: "Endpoint URL of the DevOps Agent API.",
						Optional:            true,
						Validators:          endpointValidators,
					},
					"sts": schema.StringAttribute{
						MarkdownDescription: "Endpoint URL of AWS STS, which is asked for the " +
							"account id that private connection ARNs carry.",
						Optional:   true,
						Validators: endpointValidators,
					},
				},
			},
		},
	}
}

func (p *devopsAgentProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var data providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// NOTE: a value that is unknown until apply (one computed by another
	// resource) leaves the provider unconfigured during this plan; the
	// resources then plan without API calls and the provider is configured
	// again, with known values, for the apply.
	if !req.Config.Raw.IsFullyKnown() {
		tflog.Debug(ctx, "provider configuration holds unknown values; deferring client set-up")
		return
	}

	cfg, diags := data.clientConfig(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgentVersion = p.version

	tflog.Debug(ctx, "configuring AWS clients", map[string]any{
		"region":           cfg.Region,
		"profile":          cfg.Profile,
		"static_keys":      cfg.AccessKey != "",
		"custom_endpoints": cfg.DevOpsAgentEndpoint != "" || cfg.STSEndpoint != "",
	})
	client, err := awsclient.New(ctx, cfg)
	if err != nil {
		resp.Diagnostics.AddError("Configuring the DevOps Agent provider failed",
			"The provider could not set up its AWS client. "+err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (m providerModel) clientConfig(ctx context.Context) (awsclient.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := awsclient.Config{
		Region:     m.Region.ValueString(),
		Profile:    m.Profile.ValueString(),
		AccessKey:  m.AccessKey.ValueString(),
		SecretKey:  m.SecretKey.ValueString(),
		Token:      m.Token.ValueString(),
		MaxRetries: -1,
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	diags.Append(m.SharedConfigFiles.ElementsAs(ctx, &cfg.SharedConfigFiles, false)...)
	diags.Append(m.SharedCredentialsFiles.ElementsAs(ctx, &cfg.SharedCredentialsFiles, false)...)
	if !m.Endpoints.IsNull() {
		var ep endpointsModel
		diags.Append(m.Endpoints.As(ctx, &ep, basetypes.ObjectAsOptions{})...)
		cfg.DevOpsAgentEndpoint = ep.DevOpsAgent.ValueString()
		cfg.STSEndpoint = ep.STS.ValueString()
	}
	return cfg, diags
}

func (p *devopsAgentProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		privateconnection.NewResource,
	}
}

func (p *devopsAgentProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}

// endpointURL checks that an endpoint is an absolute http or https URL.
type endpointURL struct{}

func (endpointURL) Description(context.Context) string {
	return "must be an absolute http or https URL"
}

func (v endpointURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v endpointURL) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u, err := url.Parse(req.ConfigValue.ValueString())
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
		fmt.Sprintf("Attribute %s %s, got: %q", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
}
