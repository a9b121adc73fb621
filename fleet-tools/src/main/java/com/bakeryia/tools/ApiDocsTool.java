package com.bakeryia.tools;

/** {@code scripts/api-docs}: writes docs/api/ from the OpenAPI documents of the running fleet. */
public final class ApiDocsTool {

    private ApiDocsTool() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("usage: scripts/api-docs   (the fleet must be up: scripts/fleet up)");
            System.exit(2);
        }
        FleetSettings settings = FleetSettings.fromEnvironment();
        ApiDocs docs = new ApiDocs();
        var documents = docs.fetch(settings);
        docs.write(settings.repoRoot(), documents);
        System.out.println("wrote " + documents.size() + " OpenAPI documents and the overview to "
                + settings.repoRoot().resolve(ApiDocs.DIRECTORY));
    }
}
