from peru_protests.cli import main

raise SystemExit(main())
