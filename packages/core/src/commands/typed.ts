/**
 * Static types read from a declaration string, so handlers get typed args and options:
 * `command('roll <sides:integer> [note:text]')` -> `{ sides: number; note?: string }`,
 * `.option('-n, --times <n:integer>')` -> `{ times?: number }`, `.option('-l, --loud')` -> `{ loud?: boolean }`.
 * A declaration that is not a literal type falls back to the loose records.
 */
import type { CommandArgs, CommandOptions } from './command.js';

type ValueOf<T extends string> = T extends 'number' | 'integer' | 'user' ? number : string;

type ArgOf<W extends string> = W extends `<${infer N}:${infer T}>`
  ? { [K in N]: ValueOf<T> }
  : W extends `<${infer N}>`
    ? { [K in N]: string }
    : W extends `[${infer N}:${infer T}]`
      ? { [K in N]?: ValueOf<T> }
      : W extends `[${infer N}]`
        ? { [K in N]?: string }
        : unknown;

type ArgsFromWords<S extends string> = S extends `${infer Head} ${infer Rest}` ? ArgOf<Head> & ArgsFromWords<Rest> : ArgOf<S>;

type Flatten<T> = { [K in keyof T]: T[K] };

export type ArgsOf<D extends string> = string extends D ? CommandArgs : Flatten<ArgsFromWords<D>>;

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;

type OptionFrom<D extends string> = D extends `${string}--${infer L} <${string}:${infer T}>`
  ? { [K in Camel<L>]?: ValueOf<T> }
  : D extends `${string}--${infer L} <${string}>`
    ? { [K in Camel<L>]?: string }
    : D extends `${string}--${infer L}`
      ? { [K in Camel<L>]?: boolean }
      : D extends `-${infer S} <${string}:${infer T}>`
        ? { [K in S]?: ValueOf<T> }
        : D extends `-${infer S} <${string}>`
          ? { [K in S]?: string }
          : D extends `-${infer S}`
            ? { [K in S]?: boolean }
            : CommandOptions;

export type OptionOf<D extends string> = string extends D ? CommandOptions : Flatten<OptionFrom<D>>;
