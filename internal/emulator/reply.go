// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
)

// reply is a rendered answer, kept apart from the ResponseWriter so that faults can
// rewrite it before it is sent.
type reply struct {
	status      int
	contentType string
	errorType   string // X-Amzn-ErrorType, for JSON errors
	allow       string // Allow, for 405
	body        []byte
}

func (rep reply) write(w http.ResponseWriter, requestID string) {
	h := w.Header()
	if rep.contentType != "" {
		h.Set("Content-Type", rep.contentType)
	}
	if rep.errorType != "" {
		h.Set("X-Amzn-ErrorType", rep.errorType)
	}
	if rep.allow != "" {
		h.Set("Allow", rep.allow)
	}
	h.Set("X-Amzn-RequestId", requestID)
	if rep.status != http.StatusNoContent {
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	w.WriteHeader(rep.status)
	if rep.status != http.StatusNoContent {
		_, _ = w.Write(rep.body)
	}
}

// errorStatus holds the HTTP status of every error the API and the emulator send.
var errorStatus = map[string]int{
	"ValidationException":                 http.StatusBadRequest,
	"InvalidParameterException":           http.StatusBadRequest,
	"ServiceQuotaExceededException":       http.StatusPaymentRequired,
	"AccessDeniedException":               http.StatusForbidden,
	"ResourceNotFoundException":           http.StatusNotFound,
	"ConflictException":                   http.StatusConflict,
	"ContentSizeExceededException":        http.StatusRequestEntityTooLarge,
	"ThrottlingException":                 http.StatusTooManyRequests,
	"InternalServerException":             http.StatusInternalServerError,
	"MissingAuthenticationTokenException": http.StatusForbidden,
	"UnrecognizedClientException":         http.StatusForbidden,
	"InvalidSignatureException":           http.StatusForbidden,
	"IncompleteSignatureException":        http.StatusForbidden,
	"UnknownOperationException":           http.StatusNotFound,
	"ServiceUnavailableException":         http.StatusServiceUnavailable,
}

// InjectableErrors lists the error names InjectError and the admin API accept.
var InjectableErrors = []string{
	"ValidationException",
	"InvalidParameterException",
	"ServiceQuotaExceededException",
	"AccessDeniedException",
	"ResourceNotFoundException",
	"ConflictException",
	"ContentSizeExceededException",
	"ThrottlingException",
	"InternalServerException",
	"ServiceUnavailableException",
	"UnrecognizedClientException",
	"InvalidSignatureException",
}

func statusOf(name string) int {
	if s, ok := errorStatus[name]; ok {
		return s
	}
	return http.StatusBadRequest
}

func jsonReply(status int, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		return jsonError("InternalServerException", "encoding the response failed")
	}
	return reply{status: status, contentType: "application/json", body: body}
}

func jsonError(name, message string) reply {
	rep := jsonReply(statusOf(name), map[string]string{"message": message})
	rep.errorType = name
	return rep
}

// fieldError is one entry of a ValidationException's fieldList.
type fieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func validationError(message string, fields []fieldError) reply {
	body := struct {
		Message   string       `json:"message"`
		FieldList []fieldError `json:"fieldList,omitempty"`
	}{message, fields}
	rep := jsonReply(http.StatusBadRequest, body)
	rep.errorType = "ValidationException"
	return rep
}

// stsCodes maps the JSON protocol's error names onto the codes and statuses STS uses
// for the same conditions.
var stsCodes = map[string]struct {
	code   string
	status int
}{
	"MissingAuthenticationTokenException": {"MissingAuthenticationToken", http.StatusForbidden},
	"UnrecognizedClientException":         {"InvalidClientTokenId", http.StatusForbidden},
	"InvalidSignatureException":           {"SignatureDoesNotMatch", http.StatusForbidden},
	"IncompleteSignatureException":        {"IncompleteSignature", http.StatusForbidden},
	"ThrottlingException":                 {"Throttling", http.StatusBadRequest},
	"InternalServerException":             {"InternalFailure", http.StatusInternalServerError},
	"AccessDeniedException":               {"AccessDenied", http.StatusForbidden},
	"ValidationException":                 {"ValidationError", http.StatusBadRequest},
	"ServiceUnavailableException":         {"ServiceUnavailable", http.StatusServiceUnavailable},
	"InvalidAction":                       {"InvalidAction", http.StatusBadRequest},
}

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// stsError renders STS's ErrorResponse document.
func stsError(name, message, requestID string) reply {
	code, status := name, statusOf(name)
	if m, ok := stsCodes[name]; ok {
		code, status = m.code, m.status
	}
	kind := "Sender"
	if status >= 500 {
		kind = "Receiver"
	}
	doc := struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		XMLNS   string   `xml:"xmlns,attr"`
		Error   struct {
			Type    string
			Code    string
			Message string
		}
		RequestID string `xml:"RequestId"`
	}{XMLNS: stsNamespace, RequestID: requestID}
	doc.Error.Type, doc.Error.Code, doc.Error.Message = kind, code, message
	return xmlReply(status, doc)
}

func xmlReply(status int, v any) reply {
	body, err := xml.Marshal(v)
	if err != nil {
		return reply{status: http.StatusInternalServerError, contentType: "text/plain",
			body: []byte("encoding the response failed")}
	}
	return reply{status: status, contentType: "text/xml", body: append([]byte(xml.Header), body...)}
}
