// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package awsclient builds the AWS SDK clients the provider talks through,
// from the provider block and the SDK's own credential and region chain.
package awsclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultMaxRetries is how often a throttled or failed request is retried
// when the provider block does not say.
const DefaultMaxRetries = 10

// maxRetryBackoff caps the SDK retryer's wait between two attempts.
const maxRetryBackoff = 20 * time.Second

// Config is what the provider block can set. Empty fields fall back to the
// AWS SDK's own chain: environment variables, shared files, SSO, web
// identity, and container and instance roles.
type Config struct {
	Region                 string
	Profile                string
	SharedConfigFiles      []string
	SharedCredentialsFiles []string
	AccessKey              string
	SecretKey              string
	Token                  string
	MaxRetries             int
	DevOpsAgentEndpoint    string
	STSEndpoint            string
	UserAgentVersion       string
}

// Client holds the configured SDK clients and the caller's identity, which
// is asked of STS once, on first use.
type Client struct {
	DevOpsAgent *devopsagent.Client
	Region      string

	sts *sts.Client

	mu       sync.Mutex
	identity *Identity
}

// Identity is the account and partition the credentials belong to.
type Identity struct {
	AccountID string
	Partition string
}

// ErrNoRegion is returned when no region is set anywhere the SDK looks.
var ErrNoRegion = errors.New(`no AWS region is set: set "region" in the provider block, ` +
	`or the AWS_REGION environment variable, or a region in the selected shared config profile`)

// New loads the AWS configuration and checks that a region and credentials
// can be found, so that a missing one is reported before any plan is made.
func New(ctx context.Context, c Config) (*Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx, loadOptions(c)...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS SDK configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, ErrNoRegion
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("no AWS credentials were found: set access_key and secret_key in "+
			"the provider block, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE "+
			"for a shared config profile (SSO, role assumption), or run where a web identity, "+
			"container or instance role is available: %w", err)
	}
	if c.UserAgentVersion != "" {
		cfg.APIOptions = append(cfg.APIOptions,
			awsmiddleware.AddUserAgentKeyValue("terraform-provider-devopsagent", c.UserAgentVersion))
	}
	cfg.APIOptions = append(cfg.APIOptions, addCallLogging)

	return &Client{
		DevOpsAgent: devopsagent.NewFromConfig(cfg, func(o *devopsagent.Options) {
			if c.DevOpsAgentEndpoint != "" {
				o.BaseEndpoint = aws.String(c.DevOpsAgentEndpoint)
			}
		}, ExactEndpointHost),
		Region: cfg.Region,
		sts: sts.NewFromConfig(cfg, func(o *sts.Options) {
			if c.STSEndpoint != "" {
				o.BaseEndpoint = aws.String(c.STSEndpoint)
			}
		}),
	}, nil
}

func loadOptions(c Config) []func(*config.LoadOptions) error {
	maxRetries := c.MaxRetries
	if maxRetries < 0 {
		maxRetries = DefaultMaxRetries
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = maxRetries + 1
				o.MaxBackoff = maxRetryBackoff
				// Waits are bounded by the resource timeouts, not by a
				// client-side retry budget that load could drain.
				o.RateLimiter = ratelimit.None
			})
		}),
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if len(c.SharedConfigFiles) > 0 {
		opts = append(opts, config.WithSharedConfigFiles(c.SharedConfigFiles))
	}
	if len(c.SharedCredentialsFiles) > 0 {
		opts = append(opts, config.WithSharedCredentialsFiles(c.SharedCredentialsFiles))
	}
	if c.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, c.Token)))
	}
	return opts
}

// Identity returns the caller's account and partition, asking STS
// GetCallerIdentity on the first call only. A failed call is not cached.
func (c *Client) Identity(ctx context.Context) (Identity, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.identity != nil {
		return *c.identity, nil
	}
	out, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, fmt.Errorf("asking STS for the caller identity: %w", err)
	}
	id, err := identityFrom(aws.ToString(out.Account), aws.ToString(out.Arn))
	if err != nil {
		return Identity{}, err
	}
	c.identity = &id
	return id, nil
}

func identityFrom(account, callerARN string) (Identity, error) {
	parsed, err := arn.Parse(callerARN)
	if err != nil {
		return Identity{}, fmt.Errorf("STS returned a caller ARN that does not parse (%q): %w", callerARN, err)
	}
	if account == "" {
		account = parsed.AccountID
	}
	return Identity{AccountID: account, Partition: parsed.Partition}, nil
}

// PrivateConnectionARN builds the ARN the tagging calls address a private
// connection by; the API itself never returns it.
func PrivateConnectionARN(id Identity, region, name string) string {
	return arn.ARN{
		Partition: id.Partition,
		Service:   "aidevops",
		Region:    region,
		AccountID: id.AccountID,
		Resource:  "private-connection/" + name,
	}.String()
}

// NameFromPrivateConnectionARN returns the connection name in an ARN built
// by PrivateConnectionARN.
func NameFromPrivateConnectionARN(s string) (string, bool) {
	parsed, err := arn.Parse(s)
	if err != nil || parsed.Service != "aidevops" {
		return "", false
	}
	name, ok := strings.CutPrefix(parsed.Resource, "private-connection/")
	return name, ok && name != ""
}

// ExactEndpointHost makes a client with a custom endpoint (from the
// provider block or AWS_ENDPOINT_URL_DEVOPS_AGENT) send every request to
// exactly that host. On AWS's own endpoints the SDK sends the private
// connection operations to a "cp." sub-host, which a custom endpoint such as
// an emulator or proxy does not have.
func ExactEndpointHost(o *devopsagent.Options) {
	if o.BaseEndpoint == nil {
		return
	}
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("devopsagentExactEndpointHost",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
				middleware.InitializeOutput, middleware.Metadata, error,
			) {
				return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
			}), middleware.Before)
	})
}

// addCallLogging logs each attempt of each API call at debug level: the
// operation, the HTTP status and how long it took. Bodies, headers and
// credentials are never logged.
func addCallLogging(stack *middleware.Stack) error {
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("devopsagentCallLog",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
			middleware.DeserializeOutput, middleware.Metadata, error,
		) {
			start := time.Now()
			out, md, err := next.HandleDeserialize(ctx, in)
			fields := map[string]any{
				"service":   awsmiddleware.GetServiceID(ctx),
				"operation": awsmiddleware.GetOperationName(ctx),
				"elapsed":   time.Since(start).String(),
			}
			if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil {
				fields["http_status"] = resp.StatusCode
			}
			if err != nil {
				fields["error"] = err.Error()
			}
			tflog.Debug(ctx, "AWS API call", fields)
			return out, md, err
		}), middleware.After)
}
