// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent/types"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

var rgwARN = regexp.MustCompile(
	`^arn:aws:vpc-lattice:us-east-1:123456789012:resourcegateway/rgw-[0-9a-z]{17}$`)

func TestCreate_serviceManaged(t *testing.T) {
	h := newHarness(t, emulator.Options{CreateDelay: 2 * time.Second})
	c := h.client()
	cert := newCert(t, time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))

	mode := serviceManaged()
	mode.Value.SecurityGroupIds = []string{"sg-0123456789abcdef0"}
	mode.Value.IpAddressType = types.IpAddressTypeDualStack
	mode.Value.Ipv4AddressesPerEni = aws.Int32(4)
	mode.Value.PortRanges = []string{"443", "8000-8100"}
	mode.Value.Certificate = aws.String(cert.pem)
	out, err := c.CreatePrivateConnection(context.Background(),
		&devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("orders-db"),
			Mode: mode,
			Tags: map[string]string{"team": "payments", "env": "dev"},
		})
	if err != nil {
		t.Fatal(err)
	}

	if got := aws.ToString(out.Name); got != "orders-db" {
		t.Errorf("name = %q", got)
	}
	if out.Status != types.PrivateConnectionStatusCreateInProgress {
		t.Errorf("status = %s, want CREATE_IN_PROGRESS", out.Status)
	}
	if out.Type != types.PrivateConnectionTypeServiceManaged {
		t.Errorf("type = %s", out.Type)
	}
	if aws.ToString(out.HostAddress) != "db.internal.example" ||
		aws.ToString(out.VpcId) != "vpc-0123456789abcdef0" {
		t.Errorf("host/vpc = %v/%v", aws.ToString(out.HostAddress), aws.ToString(out.VpcId))
	}
	if !rgwARN.MatchString(aws.ToString(out.ResourceGatewayId)) {
		t.Errorf("resourceGatewayId = %q", aws.ToString(out.ResourceGatewayId))
	}
	if out.ResourceConfigurationId != nil {
		t.Errorf("resourceConfigurationId = %q, want none", *out.ResourceConfigurationId)
	}
	if out.CertificateExpiryTime == nil || !out.CertificateExpiryTime.Equal(cert.notAfter) {
		t.Errorf("certificateExpiryTime = %v, want %v", out.CertificateExpiryTime, cert.notAfter)
	}
	if out.Tags["team"] != "payments" || out.Tags["env"] != "dev" || len(out.Tags) != 2 {
		t.Errorf("tags = %v", out.Tags)
	}

	desc, err := describe(t, c, "orders-db")
	if err != nil {
		t.Fatal(err)
	}
	if desc.Status != types.PrivateConnectionStatusCreateInProgress {
		t.Errorf("describe status = %s, want CREATE_IN_PROGRESS", desc.Status)
	}
	if aws.ToString(desc.ResourceGatewayId) != aws.ToString(out.ResourceGatewayId) {
		t.Errorf("resourceGatewayId changed: %q", aws.ToString(desc.ResourceGatewayId))
	}
	if desc.Tags["team"] != "payments" {
		t.Errorf("describe tags = %v", desc.Tags)
	}

	h.clock.Step(1999 * time.Millisecond)
	if got := statusOf(t, c, "orders-db"); got != types.PrivateConnectionStatusCreateInProgress {
		t.Errorf("status just before the delay = %s", got)
	}
	h.clock.Step(time.Millisecond)
	if got := statusOf(t, c, "orders-db"); got != types.PrivateConnectionStatusActive {
		t.Errorf("status after the delay = %s, want ACTIVE", got)
	}

	stored, ok := h.emu.Connection("orders-db")
	if !ok {
		t.Fatal("connection not stored")
	}
	if !slices.Equal(stored.SubnetIDs, mode.Value.SubnetIds) ||
		!slices.Equal(stored.SecurityGroupIDs, mode.Value.SecurityGroupIds) ||
		!slices.Equal(stored.PortRanges, mode.Value.PortRanges) ||
		stored.IPAddressType != "DUAL_STACK" || stored.IPv4AddressesPerENI != 4 ||
		stored.Certificate != cert.pem || stored.Status != emulator.StatusActive {
		t.Errorf("stored record = %+v", stored)
	}
}

func TestCreate_selfManaged(t *testing.T) {
	const short = "rcfg-0123456789abcdefg"
	const otherARN = "arn:aws:vpc-lattice:eu-west-1:210987654321:" +
		"resourceconfiguration/rcfg-abcdefghij0123456"
	tests := []struct {
		name, sent, want string
	}{
		{"short-id", short,
			"arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/" + short},
		{"arn-kept", otherARN, otherARN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			c := h.client()
			out := create(t, c, "self-"+tt.name, selfManaged(tt.sent))
			if out.Type != types.PrivateConnectionTypeSelfManaged {
				t.Errorf("type = %s", out.Type)
			}
			if got := aws.ToString(out.ResourceConfigurationId); got != tt.want {
				t.Errorf("create resourceConfigurationId = %q, want %q", got, tt.want)
			}
			if out.ResourceGatewayId != nil || out.HostAddress != nil || out.VpcId != nil {
				t.Errorf("service-managed members on a self-managed answer: %+v", out)
			}
			if out.CertificateExpiryTime != nil {
				t.Errorf("certificateExpiryTime without a certificate: %v",
					out.CertificateExpiryTime)
			}
			if out.Tags == nil || len(out.Tags) != 0 {
				t.Errorf("tags = %#v, want an empty map", out.Tags)
			}
			desc, err := describe(t, c, "self-"+tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(desc.ResourceConfigurationId); got != tt.want {
				t.Errorf("describe resourceConfigurationId = %q, want %q", got, tt.want)
			}
			stored, _ := h.emu.Connection("self-" + tt.name)
			if stored.RequestedResourceConfigurationID != tt.sent {
				t.Errorf("stored requested id = %q", stored.RequestedResourceConfigurationID)
			}
		})
	}
}

func TestCreate_zeroDelayIsActive(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	out := create(t, h.client(), "instant", serviceManaged())
	if out.Status != types.PrivateConnectionStatusActive {
		t.Errorf("status = %s, want ACTIVE", out.Status)
	}
}

func TestCreate_conflictInAnyStatus(t *testing.T) {
	h := newHarness(t, emulator.Options{CreateDelay: time.Second, DeleteDelay: time.Second})
	c := h.client()
	create(t, c, "dup", serviceManaged())

	check := func(stage string) {
		t.Helper()
		_, err := c.CreatePrivateConnection(context.Background(),
			&devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("dup"), Mode: selfManaged("rcfg-0123456789abcdefg"),
			})
		var ce *types.ConflictException
		if !errors.As(err, &ce) || httpStatus(err) != 409 {
			t.Errorf("%s: want 409 ConflictException, got %v", stage, err)
		}
	}
	check("creating")
	h.clock.Step(time.Second)
	check("active")
	if _, err := c.DeletePrivateConnection(context.Background(),
		&devopsagent.DeletePrivateConnectionInput{Name: aws.String("dup")}); err != nil {
		t.Fatal(err)
	}
	check("deleting")

	stored, _ := h.emu.Connection("dup")
	if stored.Type != emulator.TypeServiceManaged {
		t.Errorf("the conflicting create replaced the record: %+v", stored)
	}
}

func TestNotFound(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	ctx := context.Background()
	name := aws.String("missing")
	cert := newCert(t, time.Now().Add(time.Hour))
	calls := map[string]func() error{
		"describe": func() error {
			_, err := c.DescribePrivateConnection(ctx,
				&devopsagent.DescribePrivateConnectionInput{Name: name})
			return err
		},
		"delete": func() error {
			_, err := c.DeletePrivateConnection(ctx,
				&devopsagent.DeletePrivateConnectionInput{Name: name})
			return err
		},
		"update-certificate": func() error {
			_, err := c.UpdatePrivateConnectionCertificate(ctx,
				&devopsagent.UpdatePrivateConnectionCertificateInput{
					Name: name, Certificate: aws.String(cert.pem),
				})
			return err
		},
		"list-tags": func() error {
			_, err := c.ListTagsForResource(ctx, &devopsagent.ListTagsForResourceInput{
				ResourceArn: aws.String(connectionARN("missing")),
			})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			requireNotFound(t, err)
			if httpStatus(err) != 404 {
				t.Errorf("status = %d, want 404", httpStatus(err))
			}
		})
	}
}

func TestList_sortedSummaries(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	for _, n := range []string{"charlie", "alpha", "bravo"} {
		create(t, c, n, serviceManaged())
	}
	create(t, c, "delta", selfManaged("rcfg-0123456789abcdefg"))

	out, err := c.ListPrivateConnections(context.Background(),
		&devopsagent.ListPrivateConnectionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range out.PrivateConnections {
		names = append(names, aws.ToString(s.Name))
		if s.Status != types.PrivateConnectionStatusActive {
			t.Errorf("%s status = %s", aws.ToString(s.Name), s.Status)
		}
	}
	if want := []string{"alpha", "bravo", "charlie", "delta"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if out.PrivateConnections[3].ResourceConfigurationId == nil ||
		out.PrivateConnections[0].ResourceGatewayId == nil {
		t.Errorf("summaries lack their ids: %+v", out.PrivateConnections)
	}

	// An empty list is an empty array, not null.
	h.emu.Reset()
	resp := h.do(t, rawRequest{method: "GET", path: "/v1/private-connections"})
	if string(resp.body) != `{"privateConnections":[]}` {
		t.Errorf("empty list body = %s", resp.body)
	}
}

func TestList_hasNoTags(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	_, err := h.client().CreatePrivateConnection(context.Background(),
		&devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("tagged"), Mode: serviceManaged(),
			Tags: map[string]string{"k": "v"},
		})
	if err != nil {
		t.Fatal(err)
	}
	resp := h.do(t, rawRequest{method: "GET", path: "/v1/private-connections"})
	if strings.Contains(string(resp.body), `"tags"`) {
		t.Errorf("list body carries tags: %s", resp.body)
	}
}

func TestDelete_lifecycle(t *testing.T) {
	h := newHarness(t, emulator.Options{DeleteDelay: 3 * time.Second})
	c := h.client()
	ctx := context.Background()
	create(t, c, "doomed", serviceManaged())

	del := func() *devopsagent.DeletePrivateConnectionOutput {
		t.Helper()
		out, err := c.DeletePrivateConnection(ctx,
			&devopsagent.DeletePrivateConnectionInput{Name: aws.String("doomed")})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	out := del()
	if aws.ToString(out.Name) != "doomed" ||
		out.Status != types.PrivateConnectionStatusDeleteInProgress {
		t.Errorf("delete answer = %s %s", aws.ToString(out.Name), out.Status)
	}
	if got := statusOf(t, c, "doomed"); got != types.PrivateConnectionStatusDeleteInProgress {
		t.Errorf("status = %s", got)
	}

	// A second delete while deleting is accepted and does not restart the clock.
	h.clock.Step(2 * time.Second)
	if out := del(); out.Status != types.PrivateConnectionStatusDeleteInProgress {
		t.Errorf("repeated delete status = %s", out.Status)
	}
	h.clock.Step(time.Second)
	_, err := describe(t, c, "doomed")
	requireNotFound(t, err)
	if _, ok := h.emu.Connection("doomed"); ok {
		t.Error("connection still stored after the delete delay")
	}
}

func TestDelete_whileCreatingConflicts(t *testing.T) {
	h := newHarness(t, emulator.Options{CreateDelay: time.Minute})
	c := h.client()
	create(t, c, "young", serviceManaged())
	_, err := c.DeletePrivateConnection(context.Background(),
		&devopsagent.DeletePrivateConnectionInput{Name: aws.String("young")})
	var ce *types.ConflictException
	if !errors.As(err, &ce) {
		t.Fatalf("want ConflictException, got %v", err)
	}
	if !strings.Contains(ce.ErrorMessage(), "still being created") {
		t.Errorf("message = %q", ce.ErrorMessage())
	}
	if got := statusOf(t, c, "young"); got != types.PrivateConnectionStatusCreateInProgress {
		t.Errorf("status = %s", got)
	}
}

func TestFailNextCreate(t *testing.T) {
	h := newHarness(t, emulator.Options{CreateDelay: time.Second, DeleteDelay: time.Second})
	c := h.client()
	ctx := context.Background()
	h.emu.FailNextCreate("flaky")

	create(t, c, "flaky", serviceManaged())
	h.clock.Step(time.Second)
	if got := statusOf(t, c, "flaky"); got != types.PrivateConnectionStatusCreateFailed {
		t.Fatalf("status = %s, want CREATE_FAILED", got)
	}

	// A CREATE_FAILED connection can be deleted, and the forced failure was used up.
	if _, err := c.DeletePrivateConnection(ctx,
		&devopsagent.DeletePrivateConnectionInput{Name: aws.String("flaky")}); err != nil {
		t.Fatal(err)
	}
	h.clock.Step(time.Second)
	create(t, c, "flaky", serviceManaged())
	h.clock.Step(time.Second)
	if got := statusOf(t, c, "flaky"); got != types.PrivateConnectionStatusActive {
		t.Errorf("second create status = %s, want ACTIVE", got)
	}
}

func TestFailNextCreate_zeroDelay(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.FailNextCreate("flaky")
	if out := create(t, h.client(), "flaky", serviceManaged()); out.Status !=
		types.PrivateConnectionStatusCreateFailed {
		t.Errorf("status = %s, want CREATE_FAILED", out.Status)
	}
}

func TestFailNextDelete(t *testing.T) {
	h := newHarness(t, emulator.Options{DeleteDelay: time.Second})
	c := h.client()
	ctx := context.Background()
	create(t, c, "sticky", serviceManaged())
	h.emu.FailNextDelete("sticky")

	del := func() {
		t.Helper()
		out, err := c.DeletePrivateConnection(ctx,
			&devopsagent.DeletePrivateConnectionInput{Name: aws.String("sticky")})
		if err != nil {
			t.Fatal(err)
		}
		if out.Status != types.PrivateConnectionStatusDeleteInProgress {
			t.Errorf("delete answer status = %s", out.Status)
		}
	}
	del()
	h.clock.Step(time.Second)
	if got := statusOf(t, c, "sticky"); got != types.PrivateConnectionStatusDeleteFailed {
		t.Fatalf("status = %s, want DELETE_FAILED", got)
	}

	del()
	if got := statusOf(t, c, "sticky"); got != types.PrivateConnectionStatusDeleteInProgress {
		t.Errorf("status after retrying = %s", got)
	}
	h.clock.Step(time.Second)
	_, err := describe(t, c, "sticky")
	requireNotFound(t, err)
}

func TestUpdateCertificate(t *testing.T) {
	h := newHarness(t, emulator.Options{CreateDelay: time.Second})
	c := h.client()
	ctx := context.Background()
	first := newCert(t, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	second := newCert(t, time.Date(2032, 6, 30, 12, 0, 0, 0, time.UTC))

	mode := selfManaged("rcfg-0123456789abcdefg")
	mode.Value.Certificate = aws.String(first.pem)
	_, err := c.CreatePrivateConnection(ctx, &devopsagent.CreatePrivateConnectionInput{
		Name: aws.String("certified"), Mode: mode, Tags: map[string]string{"a": "b"},
	})
	if err != nil {
		t.Fatal(err)
	}

	update := func(pem string) (*devopsagent.UpdatePrivateConnectionCertificateOutput, error) {
		return c.UpdatePrivateConnectionCertificate(ctx,
			&devopsagent.UpdatePrivateConnectionCertificateInput{
				Name: aws.String("certified"), Certificate: aws.String(pem),
			})
	}

	// Only an ACTIVE connection takes a new certificate.
	_, err = update(second.pem)
	var ce *types.ConflictException
	if !errors.As(err, &ce) {
		t.Fatalf("update while creating: want ConflictException, got %v", err)
	}

	h.clock.Step(time.Second)
	out, err := update(second.pem)
	if err != nil {
		t.Fatal(err)
	}
	if out.CertificateExpiryTime == nil || !out.CertificateExpiryTime.Equal(second.notAfter) {
		t.Errorf("expiry = %v, want %v", out.CertificateExpiryTime, second.notAfter)
	}
	if out.Status != types.PrivateConnectionStatusActive {
		t.Errorf("status = %s", out.Status)
	}
	desc, err := describe(t, c, "certified")
	if err != nil {
		t.Fatal(err)
	}
	if !desc.CertificateExpiryTime.Equal(second.notAfter) {
		t.Errorf("describe expiry = %v, want %v", desc.CertificateExpiryTime, second.notAfter)
	}
	stored, _ := h.emu.Connection("certified")
	if stored.Certificate != second.pem {
		t.Error("stored certificate not replaced")
	}

	// The answer is the connection without tags.
	resp := h.do(t, rawRequest{
		method: "POST", path: "/v1/private-connections/certified/certificate",
		body: mustJSON(t, map[string]string{"certificate": first.pem}),
	})
	if resp.status != 200 || strings.Contains(string(resp.body), `"tags"`) {
		t.Errorf("raw update = %d %s", resp.status, resp.body)
	}

	// A chain's expiry is the first certificate's.
	out, err = update(second.pem + first.pem)
	if err != nil {
		t.Fatal(err)
	}
	if !out.CertificateExpiryTime.Equal(second.notAfter) {
		t.Errorf("chain expiry = %v, want %v", out.CertificateExpiryTime, second.notAfter)
	}

	// A bad certificate is refused and leaves the old one in place.
	_, err = update("not a certificate")
	if paths := validationPaths(t, err); !slices.Equal(paths, []string{"/certificate"}) {
		t.Errorf("paths = %v", paths)
	}
	if stored, _ := h.emu.Connection("certified"); stored.Certificate != second.pem+first.pem {
		t.Error("a rejected update changed the certificate")
	}

	if err := h.emu.SetStatus("certified", emulator.StatusDeleteFailed); err != nil {
		t.Fatal(err)
	}
	if _, err := update(first.pem); !errors.As(err, &ce) {
		t.Errorf("update when DELETE_FAILED: want ConflictException, got %v", err)
	}
}

func TestTags(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	ctx := context.Background()
	arn := aws.String(connectionARN("tagged"))
	_, err := c.CreatePrivateConnection(ctx, &devopsagent.CreatePrivateConnectionInput{
		Name: aws.String("tagged"), Mode: serviceManaged(),
		Tags: map[string]string{"keep": "1", "change": "old"},
	})
	if err != nil {
		t.Fatal(err)
	}

	listTags := func() map[string]string {
		t.Helper()
		out, err := c.ListTagsForResource(ctx,
			&devopsagent.ListTagsForResourceInput{ResourceArn: arn})
		if err != nil {
			t.Fatal(err)
		}
		return out.Tags
	}
	if got := listTags(); len(got) != 2 || got["change"] != "old" {
		t.Errorf("initial tags = %v", got)
	}

	_, err = c.TagResource(ctx, &devopsagent.TagResourceInput{
		ResourceArn: arn, Tags: map[string]string{"change": "new", "added": "x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"keep": "1", "change": "new", "added": "x"}
	if got := listTags(); !maps.Equal(got, want) {
		t.Errorf("after tagging = %v, want %v", got, want)
	}

	_, err = c.UntagResource(ctx, &devopsagent.UntagResourceInput{
		ResourceArn: arn, TagKeys: []string{"keep", "added", "never-there"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := listTags(); !maps.Equal(got, map[string]string{"change": "new"}) {
		t.Errorf("after untagging = %v", got)
	}
	desc, _ := describe(t, c, "tagged")
	if !maps.Equal(desc.Tags, map[string]string{"change": "new"}) {
		t.Errorf("describe tags = %v", desc.Tags)
	}

	// No tags left: ListTagsForResource still answers the (required) member.
	_, err = c.UntagResource(ctx, &devopsagent.UntagResourceInput{
		ResourceArn: arn, TagKeys: []string{"change"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := listTags(); got == nil || len(got) != 0 {
		t.Errorf("tags = %#v, want an empty map", got)
	}
	resp := h.do(t, rawRequest{method: "POST", path: "/tags/" + escapeLabel(*arn),
		body: `{"tags":{"a":"b"}}`})
	if resp.status != 204 || len(resp.body) != 0 {
		t.Errorf("raw TagResource = %d %q, want 204 and no body", resp.status, resp.body)
	}
}

func TestTags_resourceARN(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	ctx := context.Background()
	create(t, c, "known", serviceManaged())

	tests := []struct {
		arn      string
		notFound bool
	}{
		{"not-an-arn", false},
		{"arn:aws:aidevops:us-east-1:123456789012:agentspace/known", false},
		{"arn:aws:aidevops:us-east-1:1234:private-connection/known", false},
		{"arn:aws:aidevops:us-east-1:123456789012:private-connection/Bad_Name", false},
		{"arn:aws:aidevops:us-east-1:123456789012:private-connection/", false},
		{"arn:aws:aidevops:us-east-1:123456789012:private-connection/unknown", true},
		{"arn:aws:aidevops:us-east-1:999999999999:private-connection/known", true},
		{"arn:aws:aidevops:eu-west-1:123456789012:private-connection/known", true},
		{"arn:aws-cn:aidevops:us-east-1:123456789012:private-connection/known", true},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			errs := map[string]error{}
			_, errs["list"] = c.ListTagsForResource(ctx,
				&devopsagent.ListTagsForResourceInput{ResourceArn: aws.String(tt.arn)})
			_, errs["tag"] = c.TagResource(ctx, &devopsagent.TagResourceInput{
				ResourceArn: aws.String(tt.arn), Tags: map[string]string{"k": "v"},
			})
			_, errs["untag"] = c.UntagResource(ctx, &devopsagent.UntagResourceInput{
				ResourceArn: aws.String(tt.arn), TagKeys: []string{"k"},
			})
			for op, err := range errs {
				if tt.notFound {
					requireNotFound(t, err)
					continue
				}
				paths := validationPaths(t, err)
				if !slices.Equal(paths, []string{"/resourceArn"}) {
					t.Errorf("%s: paths = %v", op, paths)
				}
			}
		})
	}
	if stored, _ := h.emu.Connection("known"); len(stored.Tags) != 0 {
		t.Errorf("a rejected call tagged the connection: %v", stored.Tags)
	}
}
