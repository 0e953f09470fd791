// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package awsclient

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestIdentityFrom_cases(t *testing.T) {
	cases := map[string]struct {
		account, arn string
		want         Identity
		wantErr      string
	}{
		"aws": {
			account: "123456789012",
			arn:     "arn:aws:iam::123456789012:user/alice",
			want:    Identity{AccountID: "123456789012", Partition: "aws"},
		},
		"aws-cn": {
			account: "123456789012",
			arn:     "arn:aws-cn:sts::123456789012:assumed-role/deploy/session",
			want:    Identity{AccountID: "123456789012", Partition: "aws-cn"},
		},
		"aws-us-gov": {
			account: "123456789012",
			arn:     "arn:aws-us-gov:iam::123456789012:root",
			want:    Identity{AccountID: "123456789012", Partition: "aws-us-gov"},
		},
		"account taken from the arn": {
			arn:  "arn:aws:sts::210987654321:assumed-role/ci/build",
			want: Identity{AccountID: "210987654321", Partition: "aws"},
		},
		"account given wins over the arn": {
			account: "111111111111",
			arn:     "arn:aws:sts::210987654321:federated-user/bob",
			want:    Identity{AccountID: "111111111111", Partition: "aws"},
		},
		"not an arn": {
			account: "123456789012",
			arn:     "user/alice",
			wantErr: `STS returned a caller ARN that does not parse ("user/alice")`,
		},
		"empty arn": {
			account: "123456789012",
			wantErr: `does not parse ("")`,
		},
		"too few sections": {
			arn:     "arn:aws:iam::123456789012",
			wantErr: "does not parse",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := identityFrom(tc.account, tc.arn)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("identityFrom() error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("identityFrom() error = %v", err)
			}
			if got != tc.want {
				t.Fatalf("identityFrom() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPrivateConnectionARN_roundTrip(t *testing.T) {
	cases := map[string]struct {
		id     Identity
		region string
		name   string
		want   string
	}{
		"aws": {
			id:     Identity{AccountID: "123456789012", Partition: "aws"},
			region: "us-east-1",
			name:   "my-connection",
			want:   "arn:aws:aidevops:us-east-1:123456789012:private-connection/my-connection",
		},
		"aws-cn": {
			id:     Identity{AccountID: "123456789012", Partition: "aws-cn"},
			region: "cn-north-1",
			name:   "abc",
			want:   "arn:aws-cn:aidevops:cn-north-1:123456789012:private-connection/abc",
		},
		"aws-us-gov, longest name": {
			id:     Identity{AccountID: "000000000001", Partition: "aws-us-gov"},
			region: "us-gov-west-1",
			name:   strings.Repeat("a", 30),
			want: "arn:aws-us-gov:aidevops:us-gov-west-1:000000000001:private-connection/" +
				strings.Repeat("a", 30),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := PrivateConnectionARN(tc.id, tc.region, tc.name)
			if got != tc.want {
				t.Fatalf("PrivateConnectionARN() = %q, want %q", got, tc.want)
			}
			back, ok := NameFromPrivateConnectionARN(got)
			if !ok || back != tc.name {
				t.Fatalf("NameFromPrivateConnectionARN(%q) = %q, %t; want %q, true", got, back, ok, tc.name)
			}
		})
	}
}

func TestNameFromPrivateConnectionARN_rejects(t *testing.T) {
	cases := map[string]string{
		"not an arn":         "my-connection",
		"empty":              "",
		"other service":      "arn:aws:vpc-lattice:us-east-1:123456789012:private-connection/my-connection",
		"other resource":     "arn:aws:aidevops:us-east-1:123456789012:agent-space/my-connection",
		"no resource type":   "arn:aws:aidevops:us-east-1:123456789012:my-connection",
		"resource type case": "arn:aws:aidevops:us-east-1:123456789012:Private-Connection/my-connection",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if got, ok := NameFromPrivateConnectionARN(in); ok {
				t.Fatalf("NameFromPrivateConnectionARN(%q) = %q, true; want false", in, got)
			}
		})
	}
}

// isolateAWSEnv clears every environment variable and file the SDK would
// read a region or credentials from, and turns off the instance metadata
// service, so that New sees only what a test gives it. It returns the
// paths of the (empty) shared config and credentials files.
func isolateAWSEnv(t *testing.T) (configFile, credentialsFile string) {
	t.Helper()
	dir := t.TempDir()
	configFile = filepath.Join(dir, "config")
	credentialsFile = filepath.Join(dir, "credentials")
	for _, f := range []string{configFile, credentialsFile} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", configFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credentialsFile)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, name := range []string{
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY",
		"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
		"AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DEVOPS_AGENT",
		"AWS_ENDPOINT_URL_STS",
	} {
		t.Setenv(name, "")
	}
	return configFile, credentialsFile
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestNew_noRegion(t *testing.T) {
	cases := map[string]func(t *testing.T, configFile string) Config{
		"nothing set": func(*testing.T, string) Config { return Config{} },
		"keys but no region": func(*testing.T, string) Config {
			return Config{AccessKey: "AKIDEXAMPLE", SecretKey: "secret"}
		},
		"profile without a region": func(t *testing.T, configFile string) Config {
			writeFile(t, configFile, "[profile dev]\noutput = json\n")
			return Config{Profile: "dev", AccessKey: "AKIDEXAMPLE", SecretKey: "secret"}
		},
	}
	for name, config := range cases {
		t.Run(name, func(t *testing.T) {
			configFile, _ := isolateAWSEnv(t)
			c, err := New(t.Context(), config(t, configFile))
			if !errors.Is(err, ErrNoRegion) {
				t.Fatalf("New() = %v, %v; want ErrNoRegion", c, err)
			}
		})
	}
}

func TestNew_noCredentials(t *testing.T) {
	cases := map[string]func(t *testing.T) Config{
		"region in the provider block": func(*testing.T) Config { return Config{Region: "eu-west-1"} },
		"region from the environment": func(t *testing.T) Config {
			t.Setenv("AWS_REGION", "eu-west-1")
			return Config{}
		},
		"secret key missing from the environment": func(t *testing.T) Config {
			t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
			return Config{Region: "eu-west-1"}
		},
	}
	for name, config := range cases {
		t.Run(name, func(t *testing.T) {
			isolateAWSEnv(t)
			c, err := New(t.Context(), config(t))
			if err == nil {
				t.Fatalf("New() = %+v, nil; want an error", c)
			}
			if errors.Is(err, ErrNoRegion) {
				t.Fatalf("New() error = %v; want the credentials error, not ErrNoRegion", err)
			}
			for _, want := range []string{"no AWS credentials were found", "access_key", "AWS_PROFILE"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("New() error = %q, want it to contain %q", err, want)
				}
			}
		})
	}
}

func TestNew_succeeds(t *testing.T) {
	const profileConfig = "[default]\nregion = ap-south-1\n\n[profile dev]\nregion = eu-central-1\n"
	cases := map[string]struct {
		config      func(t *testing.T, configFile, credentialsFile string) Config
		wantRegion  string
		wantBaseURL string
	}{
		"static keys, region from the named profile": {
			config: func(t *testing.T, configFile, _ string) Config {
				writeFile(t, configFile, profileConfig)
				return Config{Profile: "dev", AccessKey: "AKIDEXAMPLE", SecretKey: "secret"}
			},
			wantRegion: "eu-central-1",
		},
		"static keys, region from the default profile": {
			config: func(t *testing.T, configFile, _ string) Config {
				writeFile(t, configFile, profileConfig)
				return Config{AccessKey: "AKIDEXAMPLE", SecretKey: "secret", Token: "token"}
			},
			wantRegion: "ap-south-1",
		},
		"profile from AWS_PROFILE, keys in its credentials file": {
			config: func(t *testing.T, configFile, credentialsFile string) Config {
				writeFile(t, configFile, profileConfig)
				writeFile(t, credentialsFile,
					"[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n")
				t.Setenv("AWS_PROFILE", "dev")
				return Config{}
			},
			wantRegion: "eu-central-1",
		},
		"shared files named in the provider block": {
			config: func(t *testing.T, _, _ string) Config {
				dir := t.TempDir()
				cfg, creds := filepath.Join(dir, "cfg"), filepath.Join(dir, "creds")
				writeFile(t, cfg, "[profile ops]\nregion = us-west-2\n")
				writeFile(t, creds, "[ops]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n")
				return Config{
					Profile:                "ops",
					SharedConfigFiles:      []string{cfg},
					SharedCredentialsFiles: []string{creds},
				}
			},
			wantRegion: "us-west-2",
		},
		"region in the provider block wins over the profile": {
			config: func(t *testing.T, configFile, _ string) Config {
				writeFile(t, configFile, profileConfig)
				return Config{Region: "sa-east-1", Profile: "dev", AccessKey: "AKIDEXAMPLE", SecretKey: "secret"}
			},
			wantRegion: "sa-east-1",
		},
		"custom endpoint": {
			config: func(*testing.T, string, string) Config {
				return Config{Region: "us-east-1", AccessKey: "AKIDEXAMPLE", SecretKey: "secret",
					DevOpsAgentEndpoint: "http://127.0.0.1:8080"}
			},
			wantRegion:  "us-east-1",
			wantBaseURL: "http://127.0.0.1:8080",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			configFile, credentialsFile := isolateAWSEnv(t)
			c, err := New(t.Context(), tc.config(t, configFile, credentialsFile))
			if err != nil {
				t.Fatalf("New() error = %v", err)
			}
			if c.Region != tc.wantRegion {
				t.Errorf("Region = %q, want %q", c.Region, tc.wantRegion)
			}
			if c.DevOpsAgent == nil || c.sts == nil {
				t.Fatal("New() left a client unset")
			}
			opts := c.DevOpsAgent.Options()
			if opts.Region != tc.wantRegion {
				t.Errorf("DevOpsAgent region = %q, want %q", opts.Region, tc.wantRegion)
			}
			if got := aws.ToString(opts.BaseEndpoint); got != tc.wantBaseURL {
				t.Errorf("DevOpsAgent base endpoint = %q, want %q", got, tc.wantBaseURL)
			}
			creds, err := opts.Credentials.Retrieve(t.Context())
			if err != nil || creds.AccessKeyID != "AKIDEXAMPLE" {
				t.Errorf("credentials = %q, %v; want the access key AKIDEXAMPLE", creds.AccessKeyID, err)
			}
		})
	}
}
