// The types of throwaway-postgres.mjs, for the TypeScript test that imports it.
export declare const oldestPostgres: number
/** The server programs' folder and major version, or why there are none. */
export declare function serverBinaries (): { folder: string, major: number } | string
export declare function startThrowawayServer (binaries: { folder: string }): Promise<{ url: string | undefined, directory: string, remove: () => void }>
