// The `.net` grammar as a Chevrotain CST parser. Rule names follow the EBNF in docs/language.md, so
// the generated syntax diagrams (docs/syntax.html) read like the reference.

import { CstParser, EOF, NoViableAltException, tokenMatcher, type CstNode, type IToken } from "chevrotain";
import { SyntaxErrorMessages } from "./error-messages.js";
import * as t from "./tokens.js";

/** Nesting deeper than this would overflow the stack of the parser and of the phases after it. */
export const MAX_NESTING = 64;

class NetParser extends CstParser {
  /** Levels open around the current token: brackets, argument lists, `if`, `for`, prefix `-` and `not`. */
  private depth = 0;

  constructor(private readonly messages: SyntaxErrorMessages) {
    super(t.allTokens, {
      recoveryEnabled: true,
      // LL(2) is enough: it tells `k = v` arguments from expressions and `, )` from `, x`.
      maxLookahead: 2,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  /** Parses a whole file; syntax errors are left in `errors`, with recovery filling the gaps. */
  parseFile(tokens: IToken[]): CstNode {
    this.input = tokens;
    this.messages.tokens = tokens;
    return this.file();
  }

  /**
   * Parses one level of nesting, or reports `what` as nested too deeply at its first token and
   * skips the rest of it, so that recovery resumes after it instead of failing at every level inside.
   */
  private nested(what: string, parse: () => void): void {
    if (this.RECORDING_PHASE) return parse();
    if (this.depth === MAX_NESTING) {
      const message = `${what} nested too deeply (more than ${MAX_NESTING} levels)`;
      const error = new NoViableAltException(message, this.LA(1), this.LA(0));
      this.errors = [...this.errors, error];
      this.skipLevel();
      throw error;
    }
    this.depth++;
    try {
      parse();
    } finally {
      this.depth--;
    }
  }

  /** Skips tokens up to the closing bracket, comma or statement that ends the current level. */
  private skipLevel(): void {
    let open = 0;
    for (let token = this.LA(1); token.tokenType !== EOF; token = this.LA(1)) {
      if (opening.some((type) => tokenMatcher(token, type))) {
        open++;
      } else if (closing.some((type) => tokenMatcher(token, type))) {
        if (open === 0) return;
        open--;
      } else if (open === 0 && this.startsElement(token)) {
        return;
      }
      this.SKIP_TOKEN();
    }
  }

  /** A comma, or the start of a statement or item. */
  private startsElement(token: IToken): boolean {
    const definesName =
      tokenMatcher(token, t.Identifier) && [t.Equals, t.Colon].some((type) => tokenMatcher(this.LA(2), type));
    return (
      definesName ||
      [t.Comma, t.Out, t.Input, t.Import, t.Block, t.Model, t.Train, t.Param].some((type) => tokenMatcher(token, type))
    );
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  item = this.RULE("item", () => {
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.import) },
        { ALT: () => this.SUBRULE(this.block) },
        { ALT: () => this.SUBRULE(this.model) },
        { ALT: () => this.SUBRULE(this.train) },
      ],
      ERR_MSG: "'import', 'block', 'model' or 'train'",
    });
  });

  import = this.RULE("import", () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.StringLiteral);
  });

  block = this.RULE("block", () => {
    this.CONSUME(t.Block);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.param);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.param);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RParen);
    this.SUBRULE(this.body);
  });

  param = this.RULE("param", () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.Colon);
      this.SUBRULE(this.type);
    });
    this.OPTION2(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.expr);
    });
  });

  type = this.RULE("type", () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.Identifier) },
        {
          ALT: () =>
            this.nested("type", () => {
              this.CONSUME(t.LBracket);
              this.SUBRULE(this.type, { LABEL: "element" });
              this.CONSUME(t.RBracket);
            }),
        },
        {
          ALT: () =>
            this.nested("type", () => {
              this.CONSUME(t.LParen);
              this.SUBRULE2(this.type, { LABEL: "element" });
              this.AT_LEAST_ONE({
                DEF: () => {
                  this.CONSUME(t.Comma);
                  this.SUBRULE3(this.type, { LABEL: "element" });
                },
                ERR_MSG: "',' and a second element type",
              });
              this.CONSUME(t.RParen);
            }),
        },
      ],
      ERR_MSG: "a type such as int, [int] or (int, int)",
    });
  });

  model = this.RULE("model", () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.body);
  });

  body = this.RULE("body", () => {
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.stmt));
    this.CONSUME(t.RBrace);
  });

  train = this.RULE("train", () => {
    this.CONSUME(t.Train);
    this.CONSUME(t.LBrace);
    this.MANY(() =>
      this.OR({
        DEF: [{ ALT: () => this.SUBRULE(this.setting) }, { ALT: () => this.SUBRULE(this.paramRule) }],
        ERR_MSG: "a setting 'name = value' or 'param'",
      }),
    );
    this.CONSUME(t.RBrace);
  });

  setting = this.RULE("setting", () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    // `name =` starts the next setting: this one has no value (`optimizer =` alone on its line),
    // rather than the value `name` followed by a stray '='.
    this.OR({
      DEF: [
        {
          GATE: () => this.LA(1).tokenType !== t.Identifier || this.LA(2).tokenType !== t.Equals,
          ALT: () => this.SUBRULE(this.expr),
        },
      ],
      ERR_MSG: "an expression",
    });
  });

  paramRule = this.RULE("paramRule", () => {
    this.CONSUME(t.Param);
    this.CONSUME(t.StringLiteral);
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.setting));
    this.CONSUME(t.RBrace);
  });

  stmt = this.RULE("stmt", () => {
    this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(t.Input);
            this.CONSUME(t.Identifier);
            this.CONSUME(t.Colon);
            this.SUBRULE(this.shape);
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Out);
            this.SUBRULE(this.expr);
          },
        },
        {
          ALT: () => {
            this.CONSUME2(t.Identifier);
            this.OPTION(() => {
              this.CONSUME2(t.Colon);
              this.SUBRULE2(this.shape);
            });
            this.CONSUME(t.Equals);
            this.SUBRULE2(this.expr);
          },
        },
      ],
      ERR_MSG: "a statement ('input', 'out' or 'name = value')",
    });
  });

  // An empty shape parses so that to-ast can say that a shape needs a dimension.
  shape = this.RULE("shape", () => {
    this.CONSUME(t.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: "dimension" });
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.expr, { LABEL: "dimension" });
      });
    });
    this.CONSUME(t.RBracket);
  });

  expr = this.RULE("expr", () => {
    this.SUBRULE(this.orExpr);
    this.MANY(() => {
      this.CONSUME(t.Arrow);
      this.SUBRULE(this.stage);
    });
  });

  stage = this.RULE("stage", () => {
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.call) },
        { ALT: () => this.SUBRULE(this.forStage) },
        { ALT: () => this.SUBRULE(this.ifStage) },
      ],
      ERR_MSG: "a layer or block call, 'for' or 'if'",
    });
  });

  /** `stage ('->' stage)*`: the body of a `for` stage or a branch of an `if` stage. */
  stages = this.RULE("stages", () => {
    this.SUBRULE(this.stage);
    this.MANY(() => {
      this.CONSUME(t.Arrow);
      this.SUBRULE2(this.stage);
    });
  });

  call = this.RULE("call", () => {
    this.CONSUME(t.Identifier, { LABEL: "callee" });
    this.OPTION(() => this.SUBRULE(this.args));
    this.OPTION2(() => {
      this.CONSUME(t.As);
      this.CONSUME2(t.Identifier, { LABEL: "alias" });
    });
  });

  args = this.RULE("args", () =>
    this.nested("expression", () => {
      this.CONSUME(t.LParen);
      this.OPTION(() => {
        this.SUBRULE(this.arg);
        this.MANY(() => {
          this.CONSUME(t.Comma);
          this.SUBRULE2(this.arg);
        });
        this.OPTION2(() => this.CONSUME2(t.Comma));
      });
      this.CONSUME(t.RParen);
    }),
  );

  arg = this.RULE("arg", () => {
    // LL(2) tells a keyword argument `k = v` from an expression that starts with a name.
    this.OPTION(() => {
      this.CONSUME(t.Identifier, { LABEL: "name" });
      this.CONSUME(t.Equals);
    });
    this.SUBRULE(this.expr);
  });

  forStage = this.RULE("forStage", () =>
    this.nested("expression", () => {
      this.CONSUME(t.For);
      this.SUBRULE(this.pattern);
      this.CONSUME(t.In);
      this.SUBRULE(this.iterable);
      this.CONSUME(t.LBrace);
      this.SUBRULE(this.stages);
      this.CONSUME(t.RBrace);
    }),
  );

  ifStage = this.RULE("ifStage", () =>
    this.nested("expression", () => {
      this.CONSUME(t.If);
      this.SUBRULE(this.expr, { LABEL: "condition" });
      this.CONSUME(t.LBrace);
      this.SUBRULE(this.stages, { LABEL: "then" });
      this.CONSUME(t.RBrace);
      this.OPTION(() => {
        this.CONSUME(t.Else);
        this.CONSUME2(t.LBrace);
        this.SUBRULE2(this.stages, { LABEL: "else" });
        this.CONSUME2(t.RBrace);
      });
    }),
  );

  iterable = this.RULE("iterable", () => {
    this.SUBRULE(this.addExpr, { LABEL: "start" });
    this.OPTION(() => {
      this.CONSUME(t.DotDot);
      this.SUBRULE2(this.addExpr, { LABEL: "end" });
    });
  });

  pattern = this.RULE("pattern", () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.Identifier) },
        {
          ALT: () =>
            this.nested("loop variables", () => {
              this.CONSUME(t.LParen);
              this.SUBRULE(this.pattern);
              this.AT_LEAST_ONE({
                DEF: () => {
                  this.CONSUME(t.Comma);
                  this.SUBRULE2(this.pattern);
                },
                ERR_MSG: "',' and a second loop variable",
              });
              this.CONSUME(t.RParen);
            }),
        },
      ],
      ERR_MSG: "a loop variable name or '('",
    });
  });

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE("notExpr", () => {
    this.OR({
      DEF: [
        {
          ALT: () =>
            this.nested("expression", () => {
              this.CONSUME(t.Not);
              this.SUBRULE(this.notExpr);
            }),
        },
        { ALT: () => this.SUBRULE(this.cmpExpr) },
      ],
      ERR_MSG: "an expression",
    });
  });

  // Comparisons do not chain; accepting `a < b < c` here lets to-ast say so plainly.
  cmpExpr = this.RULE("cmpExpr", () => {
    this.SUBRULE(this.addExpr);
    this.MANY(() => {
      this.CONSUME(t.ComparisonOperator);
      this.SUBRULE2(this.addExpr);
    });
  });

  addExpr = this.RULE("addExpr", () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.CONSUME(t.AdditiveOperator);
      this.SUBRULE2(this.mulExpr);
    });
  });

  mulExpr = this.RULE("mulExpr", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(t.MultiplicativeOperator);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE("unary", () => {
    this.OR({
      DEF: [
        {
          ALT: () =>
            this.nested("expression", () => {
              this.CONSUME(t.Minus);
              this.SUBRULE(this.unary);
            }),
        },
        { ALT: () => this.SUBRULE(this.postfix) },
      ],
      ERR_MSG: "an expression",
    });
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() =>
      this.nested("expression", () => {
        this.CONSUME(t.LBracket);
        this.SUBRULE(this.expr, { LABEL: "index" });
        this.CONSUME(t.RBracket);
      }),
    );
  });

  primary = this.RULE("primary", () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.NumberLiteral) },
        { ALT: () => this.CONSUME(t.StringLiteral) },
        { ALT: () => this.CONSUME(t.True) },
        { ALT: () => this.CONSUME(t.False) },
        {
          ALT: () => {
            this.CONSUME(t.Identifier);
            this.OPTION(() => {
              this.SUBRULE(this.args);
              this.OPTION2(() => {
                this.CONSUME(t.As);
                this.CONSUME2(t.Identifier, { LABEL: "alias" });
              });
            });
          },
        },
        { ALT: () => this.SUBRULE(this.parenthesised) },
        { ALT: () => this.SUBRULE(this.list) },
        { ALT: () => this.SUBRULE(this.ifExpr) },
      ],
      ERR_MSG: "an expression",
    });
  });

  /** `(a)` groups; `(a, b)` and `(a,)` are tuples. */
  parenthesised = this.RULE("parenthesised", () =>
    this.nested("expression", () => {
      this.CONSUME(t.LParen);
      this.SUBRULE(this.expr, { LABEL: "element" });
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.expr, { LABEL: "element" });
      });
      this.OPTION(() => this.CONSUME2(t.Comma));
      this.CONSUME(t.RParen);
    }),
  );

  list = this.RULE("list", () =>
    this.nested("expression", () => {
      this.CONSUME(t.LBracket);
      this.OPTION(() => {
        this.SUBRULE(this.expr, { LABEL: "element" });
        this.MANY(() => {
          this.CONSUME(t.Comma);
          this.SUBRULE2(this.expr, { LABEL: "element" });
        });
        this.OPTION2(() => this.CONSUME2(t.Comma));
      });
      this.CONSUME(t.RBracket);
    }),
  );

  ifExpr = this.RULE("ifExpr", () =>
    this.nested("expression", () => {
      this.CONSUME(t.If);
      this.SUBRULE(this.expr, { LABEL: "condition" });
      this.CONSUME(t.LBrace);
      this.SUBRULE2(this.expr, { LABEL: "then" });
      this.CONSUME(t.RBrace);
      this.CONSUME(t.Else);
      this.OR({
        DEF: [
          {
            ALT: () => {
              this.CONSUME2(t.LBrace);
              this.SUBRULE3(this.expr, { LABEL: "else" });
              this.CONSUME2(t.RBrace);
            },
          },
          { ALT: () => this.SUBRULE(this.ifExpr, { LABEL: "elseIf" }) },
        ],
        ERR_MSG: "'{' or 'if'",
      });
    }),
  );
}

const opening = [t.LParen, t.LBracket, t.LBrace];
const closing = [t.RParen, t.RBracket, t.RBrace];

/** The one parser instance; Chevrotain parsers are meant to be built once and reused. */
export const parser = new NetParser(new SyntaxErrorMessages());
