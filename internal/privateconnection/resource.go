// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package privateconnection is the devopsagent_private_connection resource:
// its schema, the mapping between schema and API shapes, and the waits for
// the connection's status.
package privateconnection

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/awsclient"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

const defaultTimeout = 30 * time.Minute

// createLookupTimeout bounds the look for a connection whose create call
// ended without a clear answer.
const createLookupTimeout = 3 * time.Second

var (
	_ resource.Resource                = (*privateConnectionResource)(nil)
	_ resource.ResourceWithConfigure   = (*privateConnectionResource)(nil)
	_ resource.ResourceWithImportState = (*privateConnectionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*privateConnectionResource)(nil)
)

type privateConnectionResource struct {
	client *awsclient.Client
	wait   waiter
}

// NewResource returns the devopsagent_private_connection resource.
func NewResource() resource.Resource {
	return &privateConnectionResource{wait: newWaiter()}
}

func (r *privateConnectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_private_connection"
}

func (r *privateConnectionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *privateConnectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	client, ok := req.ProviderData.(*awsclient.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *awsclient.Client, got %T. Please report this issue to the "+
				"provider developers.", req.ProviderData))
		return
	}
	r.client = client
}

func (r *privateConnectionResource) configured(resp interface{ AddError(string, string) }) bool {
	if r.client != nil {
		return true
	}
	resp.AddError("Provider not configured",
		"The devopsagent provider was not configured before the resource was used. "+
			"Please report this issue to the provider developers.")
	return false
}

func (r *privateConnectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.configured(&resp.Diagnostics) {
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := plan.Name.ValueString()
	ctx = tflog.SetField(ctx, "name", name)

	input, diags := expandCreateInput(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Ask for the account id before creating anything: a failure here
	// leaves nothing behind.
	identity, err := r.client.Identity(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Creating private connection failed",
			fmt.Sprintf("Looking up the AWS account for private connection %q", name),
			"Nothing was created.", err)
		return
	}

	tflog.Debug(ctx, "creating private connection")
	created, err := r.create(ctx, name, input)
	if err != nil {
		addCreateError(&resp.Diagnostics, name, err)
		return
	}

	// Record the connection at once, so that a failed or interrupted wait
	// leaves it in state (tainted) rather than orphaned.
	plan.ARN = types.StringValue(awsclient.PrivateConnectionARN(identity, r.client.Region, name))
	state, diags := flatten(ctx, created, plan)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	tflog.Debug(ctx, "waiting for private connection to become ACTIVE", map[string]any{
		"status": created.Status, "timeout": timeout.String(),
	})
	conn, err := r.wait.untilStatus(ctx, name, r.describer(name),
		[]string{statusCreateInProgress}, []string{statusActive})
	if conn != nil {
		state, diags = flatten(ctx, *conn, state)
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
	if err != nil {
		addWaitError(&resp.Diagnostics, "Creating private connection failed", "become ACTIVE",
			"It stays in state as tainted: the next apply deletes and creates it again.", timeout, err)
		return
	}
	tflog.Info(ctx, "private connection is ACTIVE")
}

// create calls CreatePrivateConnection. When the call fails in a way that
// leaves open whether the service acted (a 5xx after every retry, a dropped
// connection, an answer mangled on the way back), it looks the connection
// up by name, so that one that was created is recorded rather than orphaned.
func (r *privateConnectionResource) create(ctx context.Context, name string,
	input *devopsagent.CreatePrivateConnectionInput,
) (connection, error) {
	out, err := r.client.DevOpsAgent.CreatePrivateConnection(ctx, input)
	if err == nil {
		conn := connectionFromCreate(out)
		if err = conn.check(); err == nil {
			return conn, nil
		}
	}
	if !outcomeUnknown(err) {
		return connection{}, err
	}
	tflog.Warn(ctx, "create failed without a clear answer; checking whether the connection exists",
		map[string]any{"error": err.Error()})
	// An interrupt or timeout during the call cancelled ctx, but the request
	// may have reached the service all the same: look with a short context
	// of its own, so that the interrupt is still answered within seconds.
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), createLookupTimeout)
	defer cancel()
	found, lookupErr := r.describer(name)(lookupCtx)
	if lookupErr != nil || found == nil {
		return connection{}, err
	}
	tflog.Warn(ctx, "the connection was created despite the error; recording it", map[string]any{
		"status": found.Status,
	})
	return *found, nil
}

func (r *privateConnectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.configured(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "name", name)

	conn, err := r.describer(name)(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Reading private connection failed",
			fmt.Sprintf("Reading private connection %q", name), "", err)
		return
	}
	if conn == nil {
		tflog.Warn(ctx, "private connection not found; removing it from state")
		resp.Diagnostics.AddWarning("Private connection not found",
			fmt.Sprintf("Private connection %q no longer exists, so it was removed from state; "+
				"the next plan creates it again.", name))
		resp.State.RemoveResource(ctx)
		return
	}

	if state.ARN.IsNull() || state.ARN.IsUnknown() {
		identity, err := r.client.Identity(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Reading private connection failed",
				fmt.Sprintf("Looking up the AWS account for private connection %q", name), "", err)
			return
		}
		state.ARN = types.StringValue(awsclient.PrivateConnectionARN(identity, r.client.Region, name))
	}
	state, diags := flatten(ctx, *conn, state)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *privateConnectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.configured(&resp.Diagnostics) {
		return
	}
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "name", name)

	// conn is the connection as last read; a certificate rotation ends by
	// reading it, and only a tag change after that makes it stale.
	var conn *connection
	if !plan.Certificate.Equal(state.Certificate) && !plan.Certificate.IsNull() {
		var ok bool
		if conn, ok = r.updateCertificate(ctx, name, plan.Certificate.ValueString(), timeout, resp); !ok {
			return
		}
	}
	if !plan.Tags.Equal(state.Tags) {
		if !r.updateTags(ctx, name, state.ARN.ValueString(), state.Tags, plan.Tags, resp) {
			return
		}
		conn = nil
	}

	var err error
	if conn == nil {
		conn, err = r.describer(name)(ctx)
	}
	if err == nil && conn == nil {
		err = errGone
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Updating private connection failed",
			fmt.Sprintf("Reading private connection %q after the update", name), "", err)
		return
	}
	if conn.Status == statusCreateInProgress {
		// Imported while still being created: the apply, like a create,
		// succeeds only once the connection is ACTIVE.
		conn, err = r.wait.untilStatus(ctx, name, r.describer(name),
			[]string{statusCreateInProgress}, []string{statusActive})
		if err != nil {
			addWaitError(&resp.Diagnostics, "Updating private connection failed", "become ACTIVE",
				"", timeout, err)
			return
		}
	}
	plan.ARN = state.ARN
	newState, diags := flatten(ctx, *conn, plan)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, newState)...)
	// Every input is recorded now, so later plans compare them as usual.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyUnreadInputs, nil)...)
}

func (r *privateConnectionResource) updateCertificate(ctx context.Context, name, certificate string,
	timeout time.Duration, resp *resource.UpdateResponse,
) (*connection, bool) {
	tflog.Debug(ctx, "rotating private connection certificate")
	input := &devopsagent.UpdatePrivateConnectionCertificateInput{
		Name:        aws.String(name),
		Certificate: aws.String(certificate),
	}
	_, err := r.client.DevOpsAgent.UpdatePrivateConnectionCertificate(ctx, input)
	if isConflict(err) {
		// The connection is busy (still being created, say): wait until it
		// is ACTIVE, then try once more.
		tflog.Debug(ctx, "certificate update conflicted; waiting for ACTIVE")
		if _, werr := r.wait.untilStatus(ctx, name, r.describer(name),
			[]string{statusCreateInProgress}, []string{statusActive}); werr != nil {
			addWaitError(&resp.Diagnostics, "Updating private connection failed",
				"become ACTIVE before its certificate could be rotated", "", timeout, werr)
			return nil, false
		}
		_, err = r.client.DevOpsAgent.UpdatePrivateConnectionCertificate(ctx, input)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Updating private connection failed",
			fmt.Sprintf("Rotating the certificate of private connection %q", name),
			"The connection keeps its previous certificate.", err)
		return nil, false
	}
	conn, err := r.wait.untilStatus(ctx, name, r.describer(name), nil, []string{statusActive})
	if err != nil {
		addWaitError(&resp.Diagnostics, "Updating private connection failed",
			"be ACTIVE after its certificate was rotated", "", timeout, err)
		return nil, false
	}
	return conn, true
}

func (r *privateConnectionResource) updateTags(ctx context.Context, name, arn string,
	oldTags, newTags types.Map, resp *resource.UpdateResponse,
) bool {
	oldMap, newMap := map[string]string{}, map[string]string{}
	resp.Diagnostics.Append(oldTags.ElementsAs(ctx, &oldMap, false)...)
	resp.Diagnostics.Append(newTags.ElementsAs(ctx, &newMap, false)...)
	if resp.Diagnostics.HasError() {
		return false
	}
	set, remove := tagDiff(oldMap, newMap)
	if len(remove) > 0 {
		tflog.Debug(ctx, "removing tags", map[string]any{"keys": remove})
		_, err := r.client.DevOpsAgent.UntagResource(ctx, &devopsagent.UntagResourceInput{
			ResourceArn: aws.String(arn),
			TagKeys:     remove,
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Updating private connection failed",
				fmt.Sprintf("Removing tags from private connection %q", name), "", err)
			return false
		}
	}
	if len(set) > 0 {
		tflog.Debug(ctx, "setting tags", map[string]any{"count": len(set)})
		_, err := r.client.DevOpsAgent.TagResource(ctx, &devopsagent.TagResourceInput{
			ResourceArn: aws.String(arn),
			Tags:        set,
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Updating private connection failed",
				fmt.Sprintf("Tagging private connection %q", name), "", err)
			return false
		}
	}
	return true
}

func (r *privateConnectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.configured(&resp.Diagnostics) {
		return
	}
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "name", name)

	tflog.Debug(ctx, "deleting private connection")
	input := &devopsagent.DeletePrivateConnectionInput{Name: aws.String(name)}
	err := r.deleteOnce(ctx, input)
	if isConflict(err) {
		// A connection still being created cannot be deleted yet: let the
		// create finish, whichever way, then delete.
		tflog.Debug(ctx, "delete conflicted; waiting for the create to finish")
		_, werr := r.wait.untilStatus(ctx, name, r.describer(name),
			[]string{statusCreateInProgress}, []string{statusActive, statusCreateFailed, statusDeleteFailed})
		if werr != nil {
			addWaitError(&resp.Diagnostics, "Deleting private connection failed",
				"finish being created so that it could be deleted", "", timeout, werr)
			return
		}
		err = r.deleteOnce(ctx, input)
	}
	if isNotFound(err) {
		return
	}
	if err != nil && outcomeUnknown(err) && ctx.Err() == nil {
		// The answer was lost or mangled: look whether the delete started.
		conn, lookupErr := r.describer(name)(ctx)
		switch {
		case lookupErr != nil:
		case conn == nil:
			return
		case conn.Status == statusDeleteInProgress:
			tflog.Warn(ctx, "delete failed without a clear answer but is under way",
				map[string]any{"error": err.Error()})
			err = nil
		}
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Deleting private connection failed",
			fmt.Sprintf("Deleting private connection %q", name), "It stays in state.", err)
		return
	}

	err = r.wait.untilGone(ctx, name, r.describer(name), []string{statusDeleteInProgress, statusActive})
	if err != nil {
		addWaitError(&resp.Diagnostics, "Deleting private connection failed", "be deleted",
			"It stays in state; run destroy again to retry.", timeout, err)
	}
}

// deleteOnce calls DeletePrivateConnection and checks that the answer is
// one: an empty answer says nothing about whether the delete started.
func (r *privateConnectionResource) deleteOnce(ctx context.Context, input *devopsagent.DeletePrivateConnectionInput) error {
	out, err := r.client.DevOpsAgent.DeletePrivateConnection(ctx, input)
	if err == nil && out.Status == "" {
		return errIncompleteAnswer
	}
	return err
}

func (r *privateConnectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := validate.Name(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id is the private connection's name, which %s, got: %q.", err, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyUnreadInputs, privateValueTrue)...)
}

// describer returns a refreshFunc that reads the named connection.
func (r *privateConnectionResource) describer(name string) refreshFunc {
	return func(ctx context.Context) (*connection, error) {
		out, err := r.client.DevOpsAgent.DescribePrivateConnection(ctx,
			&devopsagent.DescribePrivateConnectionInput{Name: aws.String(name)})
		if isNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		conn := connectionFromDescribe(out)
		if err := conn.check(); err != nil {
			return nil, err
		}
		return &conn, nil
	}
}
