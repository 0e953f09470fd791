// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"errors"
	"fmt"
	"strings"
	"time"

	awstypes "github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

var (
	pathName           = path.Root("name")
	pathMode           = path.Root("mode")
	pathCertificate    = path.Root("certificate")
	pathTags           = path.Root("tags")
	pathServiceManaged = pathMode.AtName("service_managed")
	pathSelfManaged    = pathMode.AtName("self_managed")
)

// apiFieldPaths maps the JSON Pointers of a ValidationException's fieldList
// to the attributes they came from.
var apiFieldPaths = map[string]path.Path{
	"/name":                                     pathName,
	"/tags":                                     pathTags,
	"/mode":                                     pathMode,
	"/mode/serviceManaged":                      pathServiceManaged,
	"/mode/serviceManaged/hostAddress":          pathServiceManaged.AtName("host_address"),
	"/mode/serviceManaged/vpcId":                pathServiceManaged.AtName("vpc_id"),
	"/mode/serviceManaged/subnetIds":            pathServiceManaged.AtName("subnet_ids"),
	"/mode/serviceManaged/securityGroupIds":     pathServiceManaged.AtName("security_group_ids"),
	"/mode/serviceManaged/ipAddressType":        pathServiceManaged.AtName("ip_address_type"),
	"/mode/serviceManaged/ipv4AddressesPerEni":  pathServiceManaged.AtName("ipv4_addresses_per_eni"),
	"/mode/serviceManaged/portRanges":           pathServiceManaged.AtName("port_ranges"),
	"/mode/serviceManaged/certificate":          pathCertificate,
	"/mode/selfManaged":                         pathSelfManaged,
	"/mode/selfManaged/resourceConfigurationId": pathSelfManaged.AtName("resource_configuration_id"),
	"/mode/selfManaged/certificate":             pathCertificate,
	"/certificate":                              pathCertificate,
}

// attributePathForField returns the attribute a fieldList path points into,
// trimming list indexes and map keys ("/mode/serviceManaged/subnetIds/3").
func attributePathForField(pointer string) (path.Path, bool) {
	for p := pointer; p != ""; p = p[:max(strings.LastIndex(p, "/"), 0)] {
		if attr, ok := apiFieldPaths[p]; ok {
			return attr, true
		}
	}
	return path.Empty(), false
}

// addAPIError turns an API error into diagnostics. summary says what failed
// ("Creating private connection failed"), what names the connection and
// advice says what to do. A ValidationException becomes one error per
// failed field, each on the attribute it concerns.
func addAPIError(diags *diag.Diagnostics, summary, what, advice string, err error) {
	var validation *awstypes.ValidationException
	if errors.As(err, &validation) && len(validation.FieldList) > 0 {
		for _, field := range validation.FieldList {
			pointer, message := deref(field.Path), deref(field.Message)
			detail := fmt.Sprintf("The DevOps Agent API rejected %s: %s is invalid: %s", what, pointer, message)
			if attr, ok := attributePathForField(pointer); ok {
				diags.AddAttributeError(attr, summary, detail)
			} else {
				diags.AddError(summary, detail)
			}
		}
		return
	}
	detail := fmt.Sprintf("%s failed.", what)
	if advice != "" {
		detail += " " + advice
	}
	if hint := errorHint(err); hint != "" {
		detail += " " + hint
	}
	diags.AddError(summary, detail+"\n\n"+err.Error())
}

// errorHint explains the API errors a user can act on.
func errorHint(err error) string {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return ""
	}
	switch apiErr.ErrorCode() {
	case "AccessDeniedException":
		return "The credentials in use are not allowed to do this: check the IAM policy " +
			"(the aidevops:*PrivateConnection* and tagging actions)."
	case "UnrecognizedClientException", "InvalidSignatureException", "InvalidClientTokenId",
		"SignatureDoesNotMatch", "MissingAuthenticationTokenException", "ExpiredTokenException":
		return "The service refused the credentials: check the access key, secret key and " +
			"session token (or the profile) and the region."
	case "ServiceQuotaExceededException":
		return "The account has reached its quota of private connections in this region."
	case "ThrottlingException":
		return "The service kept throttling the requests; raise max_retries or try again later."
	}
	return ""
}

// outcomeUnknown reports whether a failed call may still have taken effect:
// anything but an error the service answered to refuse the request.
func outcomeUnknown(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return true
	}
	switch apiErr.ErrorCode() {
	case "InternalServerException", "InternalFailure", "ServiceUnavailable":
		return true
	}
	return false
}

func isNotFound(err error) bool {
	var nf *awstypes.ResourceNotFoundException
	return errors.As(err, &nf)
}

func isConflict(err error) bool {
	var c *awstypes.ConflictException
	return errors.As(err, &c)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// addCreateError explains a failed CreatePrivateConnection call. Nothing
// was created, so nothing goes into state.
func addCreateError(diags *diag.Diagnostics, name string, err error) {
	if isConflict(err) {
		diags.AddAttributeError(pathName, "Private connection already exists",
			fmt.Sprintf("A private connection named %q already exists in this account and region. "+
				"To manage it with Terraform, import it:\n\n"+
				"  terraform import devopsagent_private_connection.<label> %s\n\n"+
				"or add an import block:\n\n"+
				"  import {\n    to = devopsagent_private_connection.<label>\n    id = %q\n  }\n\n"+
				"Otherwise choose another name.\n\n%s", name, name, name, err))
		return
	}
	addAPIError(diags, "Creating private connection failed",
		fmt.Sprintf("Creating private connection %q", name), "Nothing was created.", err)
}

// addWaitError explains a wait that ended without reaching its goal, which
// says what the connection was waited on to do ("become ACTIVE").
func addWaitError(diags *diag.Diagnostics, summary, goal, advice string, timeout time.Duration, err error) {
	var we *waitError
	if !errors.As(err, &we) {
		diags.AddError(summary, err.Error())
		return
	}
	status := we.LastStatus
	if status == "" {
		status = "not yet reported"
	}
	var what string
	switch {
	case we.TimedOut():
		what = fmt.Sprintf("Timed out after %s waiting for private connection %q to %s; its last "+
			"status was %s. Raise the timeout in the resource's timeouts argument if the service "+
			"needs longer.", timeout, we.Name, goal, status)
	case we.Interrupted():
		what = fmt.Sprintf("Interrupted while waiting for private connection %q to %s; its last "+
			"status was %s.", we.Name, goal, status)
	default:
		what = fmt.Sprintf("Private connection %q failed to %s; its last status was %s.", we.Name, goal, status)
	}
	if advice != "" {
		what += " " + advice
	}
	diags.AddError(summary, what+"\n\n"+we.Cause.Error())
}
