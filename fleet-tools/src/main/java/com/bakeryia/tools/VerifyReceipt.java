package com.bakeryia.tools;

import com.bakeryia.tools.ReceiptVerifier.VerifiedReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code scripts/verify-receipt}: verifies a deletion receipt offline, against a JWKS saved beforehand, and prints
 * the key that signed it and its claims. Needs no running service.
 */
public final class VerifyReceipt {

    private static final String USAGE = "usage: scripts/verify-receipt RECEIPT JWKS\n"
            + "  RECEIPT  file with the receipt: the orchestrator's answer {job_id, receipt, ...} or the bare JWS ('-' = stdin)\n"
            + "  JWKS     file with the orchestrator's receipt keys (its /.well-known/receipt-jwks.json)";

    private VerifyReceipt() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String input = args[0].equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(args[0]));
        String receipt = input.strip();
        if (receipt.startsWith("{")) {
            JsonNode answer = json.readTree(receipt);
            receipt = answer.path("receipt").asText("");
            if (receipt.isEmpty()) {
                fail("the JSON in " + args[0] + " has no \"receipt\"");
            }
        }
        try {
            VerifiedReceipt verified = ReceiptVerifier.verify(receipt, Files.readString(Path.of(args[1])));
            System.out.println("VALID: ES256 signature of key " + verified.keyId() + ", typ "
                    + ReceiptVerifier.RECEIPT_TYPE + "; claims:");
            System.out.println(json.writeValueAsString(verified.claims()));
        } catch (IllegalStateException ex) {
            fail(ex.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("INVALID: " + message);
        System.exit(1);
    }
}
