// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package acctest holds what the acceptance tests share: the provider
// factories, the target they run against (this repo's emulator, or real
// AWS), test fixtures and checks that ask the API.
//
// By default every test starts its own in-process emulator and points the
// provider at it. With DEVOPSAGENT_ACC_TARGET=aws the same tests run against
// real AWS with the SDK's usual credentials and no endpoint override; they
// then need existing network resources named by the DEVOPSAGENT_ACC_*
// variables below, and the tests that need the emulator's admin interface
// (fault injection, forced failures) skip with a message saying so.
package acctest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	awstypes "github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/awsclient"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/provider"
)

// Environment variables that point the acceptance tests at real AWS.
const (
	EnvTarget                  = "DEVOPSAGENT_ACC_TARGET"
	EnvVPCID                   = "DEVOPSAGENT_ACC_VPC_ID"
	EnvSubnetIDs               = "DEVOPSAGENT_ACC_SUBNET_IDS"
	EnvSecurityGroupIDs        = "DEVOPSAGENT_ACC_SECURITY_GROUP_IDS"
	EnvResourceConfigurationID = "DEVOPSAGENT_ACC_RESOURCE_CONFIGURATION_ID"
	EnvHostAddress             = "DEVOPSAGENT_ACC_HOST_ADDRESS"
)

// ResourceType is the resource's type name in configurations.
const ResourceType = "devopsagent_private_connection"

// ProviderFactories serves this build's provider in-process.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"devopsagent": providerserver.NewProtocol6WithError(provider.New("acctest")()),
}

// RealAWS reports whether the tests run against real AWS.
func RealAWS() bool {
	return strings.EqualFold(os.Getenv(EnvTarget), "aws")
}

// Target is what one test runs against.
type Target struct {
	// Emulator is the in-process emulator, nil against real AWS.
	Emulator *emulator.Emulator
	// Client talks to the same API the provider does, for checks.
	Client *devopsagent.Client
	// ProviderConfig is the provider block to put in every configuration.
	ProviderConfig string
	// URL is the emulator's base URL, empty against real AWS.
	URL string

	VPCID                   string
	SubnetIDs               []string
	SecurityGroupIDs        []string
	ResourceConfigurationID string
	HostAddress             string
}

// Emulator timings the tests use: long enough that the provider's waits
// see the in-progress statuses, short enough for a quick suite.
const (
	CreateDelay = 300 * time.Millisecond
	DeleteDelay = 300 * time.Millisecond
)

// NewTarget returns the target for t: a fresh emulator per test, or real AWS.
func NewTarget(t *testing.T) *Target {
	t.Helper()
	if RealAWS() {
		return realAWSTarget(t)
	}
	return EmulatorTarget(t, emulator.Options{
		CreateDelay: CreateDelay,
		DeleteDelay: DeleteDelay,
		Admin:       true,
	})
}

// EmulatorTarget starts an emulator with opts for t and stops it when t ends.
func EmulatorTarget(t *testing.T, opts emulator.Options) *Target {
	t.Helper()
	em := emulator.New(opts)
	server := httptest.NewServer(em)
	t.Cleanup(server.Close)

	client := devopsagent.New(devopsagent.Options{
		Region:       emulator.DefaultRegion,
		BaseEndpoint: aws.String(server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(
			emulator.DefaultAccessKey, emulator.DefaultSecretKey, ""),
		RetryMaxAttempts: 5,
	}, awsclient.ExactEndpointHost)
	return &Target{
		Emulator:       em,
		Client:         client,
		ProviderConfig: EmulatorProviderConfig(server.URL, 2),
		URL:            server.URL,
		VPCID:          "vpc-0a1b2c3d4e5f60718",
		SubnetIDs:      []string{"subnet-0a1b2c3d4e5f60718", "subnet-1a2b3c4d"},
		SecurityGroupIDs: []string{
			"sg-0a1b2c3d4e5f60718",
		},
		ResourceConfigurationID: "rcfg-0a1b2c3d4e5f60718",
		HostAddress:             "grafana.internal.example.com",
	}
}

// EmulatorProviderConfig is a provider block pointing at an emulator.
func EmulatorProviderConfig(url string, maxRetries int) string {
	return fmt.Sprintf(`
provider "devopsagent" {
  region      = %[2]q
  access_key  = %[3]q
  secret_key  = %[4]q
  max_retries = %[5]d
  endpoints = {
    devopsagent = %[1]q
    sts         = %[1]q
  }
}
`, url, emulator.DefaultRegion, emulator.DefaultAccessKey, emulator.DefaultSecretKey, maxRetries)
}

func realAWSTarget(t *testing.T) *Target {
	t.Helper()
	for _, env := range []string{EnvVPCID, EnvSubnetIDs, EnvResourceConfigurationID} {
		if os.Getenv(env) == "" {
			t.Fatalf("%s=aws needs %s set to an existing resource in the test account", EnvTarget, env)
		}
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatalf("loading AWS configuration: %s", err)
	}
	host := os.Getenv(EnvHostAddress)
	if host == "" {
		host = "10.0.0.10"
	}
	return &Target{
		Client:                  devopsagent.NewFromConfig(cfg),
		VPCID:                   os.Getenv(EnvVPCID),
		SubnetIDs:               splitList(os.Getenv(EnvSubnetIDs)),
		SecurityGroupIDs:        splitList(os.Getenv(EnvSecurityGroupIDs)),
		ResourceConfigurationID: os.Getenv(EnvResourceConfigurationID),
		HostAddress:             host,
	}
}

// NeedsEmulator skips t against real AWS, where the emulator's admin
// interface (fault injection, forced statuses) does not exist.
func (tg *Target) NeedsEmulator(t *testing.T) {
	t.Helper()
	if tg.Emulator == nil {
		t.Skip("needs the emulator's admin interface; it cannot run against real AWS")
	}
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// RandomName returns a connection name unique to this test run.
func RandomName(prefix string) string {
	return fmt.Sprintf("%s-%x", prefix, time.Now().UnixNano()&0xffffffffff)
}

// Describe asks the API for a connection; nil when it does not exist.
func (tg *Target) Describe(ctx context.Context, name string) (*devopsagent.DescribePrivateConnectionOutput, error) {
	out, err := tg.Client.DescribePrivateConnection(ctx, &devopsagent.DescribePrivateConnectionInput{
		Name: aws.String(name),
	})
	var nf *awstypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil, nil
	}
	return out, err
}

// CheckDestroy checks, through the API, that no connection in state is
// left behind after the test's destroy.
func (tg *Target) CheckDestroy(s *terraform.State) error {
	ctx := context.Background()
	for _, rs := range s.RootModule().Resources {
		if rs.Type != ResourceType {
			continue
		}
		out, err := tg.Describe(ctx, rs.Primary.ID)
		if err != nil {
			return fmt.Errorf("checking that private connection %q is gone: %w", rs.Primary.ID, err)
		}
		if out != nil {
			return fmt.Errorf("private connection %q still exists (status %s)", rs.Primary.ID, out.Status)
		}
	}
	return nil
}

// DeleteOutOfBand deletes a connection behind Terraform's back and waits
// until it is gone.
func (tg *Target) DeleteOutOfBand(t *testing.T, name string) {
	t.Helper()
	if tg.Emulator != nil {
		if !tg.Emulator.RemoveConnection(name) {
			t.Fatalf("emulator holds no connection %q to remove", name)
		}
		return
	}
	ctx := context.Background()
	_, err := tg.Client.DeletePrivateConnection(ctx, &devopsagent.DeletePrivateConnectionInput{
		Name: aws.String(name),
	})
	if err != nil {
		t.Fatalf("deleting %q out of band: %s", name, err)
	}
	deadline := time.Now().Add(30 * time.Minute)
	for time.Now().Before(deadline) {
		out, err := tg.Describe(ctx, name)
		if err != nil {
			t.Fatalf("waiting for %q to be deleted: %s", name, err)
		}
		if out == nil {
			return
		}
		time.Sleep(10 * time.Second)
	}
	t.Fatalf("%q was not deleted within 30 minutes", name)
}

// WaitActive waits until a connection created outside Terraform is ACTIVE.
func (tg *Target) WaitActive(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Minute)
	delay := 200 * time.Millisecond
	for time.Now().Before(deadline) {
		out, err := tg.Describe(ctx, name)
		if err != nil {
			t.Fatalf("waiting for %q to become ACTIVE: %s", name, err)
		}
		if out == nil {
			t.Fatalf("%q disappeared while waiting for it to become ACTIVE", name)
		}
		if out.Status == awstypes.PrivateConnectionStatusActive {
			return
		}
		time.Sleep(delay)
		delay = min(2*delay, 10*time.Second)
	}
	t.Fatalf("%q did not become ACTIVE within 30 minutes", name)
}

// ErrorPattern matches the phrases in order, whatever the CLI's line
// wrapping did to the spaces inside them: for ExpectError.
func ErrorPattern(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, phrase := range phrases {
		words := strings.Fields(phrase)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}
