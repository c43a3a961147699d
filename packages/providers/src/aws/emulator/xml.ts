import { randomUUID } from "node:crypto";

/**
 * EC2's XML namespace for API version 2016-11-15, the only version the SDK v3 speaks.
 *
 * @example
 * `<DescribeInstancesResponse xmlns="${EC2_NAMESPACE}">`;
 */
export const EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

/**
 * Escapes text for an XML element.
 *
 * @example
 * xmlText("a<b"); // "a&lt;b"
 */
export function xmlText(value: string | number | boolean): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * `<name>text</name>`, or nothing when the value is undefined (EC2 omits absent fields).
 *
 * @example
 * element("instanceId", "i-0abc"); // "<instanceId>i-0abc</instanceId>"
 */
export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? "" : `<${name}>${xmlText(value)}</${name}>`;
}

/**
 * A successful answer: `<ActionResponse xmlns=...><requestId>..</requestId>body</ActionResponse>`.
 *
 * @example
 * actionResponse("TerminateInstances", "<instancesSet>...</instancesSet>");
 */
export function actionResponse(action: string, body: string, requestId: string = randomUUID()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>${body}</${action}Response>`;
}

/**
 * An error answer, in EC2's own shape (not the `ErrorResponse` of other query services).
 *
 * @example
 * errorResponse("RequestLimitExceeded", "Request limit exceeded.");
 */
export function errorResponse(code: string, message: string, requestId: string = randomUUID()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlText(code)}</Code><Message>${xmlText(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
